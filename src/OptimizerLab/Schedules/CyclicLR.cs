using System.Text.Json.Nodes;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// Cycles each group's learning rate between <c>base_lr</c> and <c>max_lr</c>, and by default the momentum (beta1 for the
/// Adam family) inversely between <c>max_momentum</c> and <c>base_momentum</c>
/// (<c>torch.optim.lr_scheduler.CyclicLR</c>; Smith, "Cyclical Learning Rates for Training Neural Networks", 2017).
/// Step it after every batch.
/// </summary>
/// <remarks>
/// torch's formula (closed form; torch's <c>get_lr</c> uses it too), with t = the batch index:
/// <code>
/// total = step_size_up + step_size_down,  ratio = step_size_up / total
/// cycle = ⌊1 + t/total⌋,  x = 1 + t/total - cycle
/// f = x ≤ ratio ? x/ratio : (x - 1)/(ratio - 1)                         (0 → 1 → 0 over a cycle)
/// scale = 1 (triangular), 1/2^(cycle-1) (triangular2), gamma^t (exp_range)
/// lr       = base_lr + (max_lr - base_lr)·f·scale
/// momentum = max_momentum - (max_momentum - base_momentum)·f·scale      (if cycle_momentum)
/// </code>
/// Construction sets every group's lr to <c>base_lr</c> and, with <c>cycle_momentum</c>, its momentum to
/// <c>max_momentum</c>, as torch does. Differences from torch: no custom <c>scale_fn</c>; gamma^t and 2^(cycle-1) are
/// computed by repeated squaring (<see cref="DeterministicMath.Pow(double, long)"/>): 2^k exactly as torch, gamma^t within a few ulp of
/// the platform pow torch calls; <c>step_size_up</c> must be positive and <c>step_size_down</c> non-negative (torch
/// divides by zero otherwise). Like torch, the learning rate of epoch 0 is computed from the groups' <c>initial_lr</c>
/// (which equals <c>base_lr</c> unless an earlier schedule set it).
/// </remarks>
public sealed class CyclicLR : LearningRateSchedule
{
    private static readonly Dictionary<string, CyclicLRMode> ModeNames = new()
    {
        ["triangular"] = CyclicLRMode.Triangular,
        ["triangular2"] = CyclicLRMode.Triangular2,
        ["exp_range"] = CyclicLRMode.ExpRange,
    };

    private double[] _maxLrs;
    private double[] _baseMomentums;
    private double[] _maxMomentums;
    private readonly double[] _momentums;

    /// <summary>
    /// Cycles between <paramref name="baseLr"/> and <paramref name="maxLr"/> (each one value or one per group), rising over
    /// <paramref name="stepSizeUp"/> batches and falling over <paramref name="stepSizeDown"/> (null: the same).
    /// <paramref name="baseMomentum"/> and <paramref name="maxMomentum"/> default to torch's 0.8 and 0.9.
    /// </summary>
    public CyclicLR(IOptimizer optimizer, PerGroup baseLr, PerGroup maxLr, int stepSizeUp = 2000, int? stepSizeDown = null,
        CyclicLRMode mode = CyclicLRMode.Triangular, double gamma = 1.0, bool cycleMomentum = true,
        PerGroup? baseMomentum = null, PerGroup? maxMomentum = null)
        : base(optimizer)
    {
        double[] baseLrs = baseLr.Expand("base_lr", GroupCount);
        _maxLrs = maxLr.Expand("max_lr", GroupCount);
        ScheduleCheck.PositiveInteger(stepSizeUp, "step_size_up");
        if (stepSizeDown is { } down) ScheduleCheck.NonNegativeInteger(down, "step_size_down");
        CheckMode(mode);
        if (cycleMomentum) ScheduleCheck.HasCyclicMomentum(optimizer);
        _baseMomentums = (baseMomentum ?? 0.8).Expand("base_momentum", GroupCount);
        _maxMomentums = (maxMomentum ?? 0.9).Expand("max_momentum", GroupCount);
        _momentums = new double[GroupCount];

        double up = stepSizeUp;
        double downSize = stepSizeDown ?? up;
        TotalSize = up + downSize;
        StepRatio = up / TotalSize;
        Mode = mode;
        Gamma = gamma;
        CycleMomentum = cycleMomentum;

        // Everything is checked; now change the optimizer, in torch's order.
        for (int i = 0; i < GroupCount; i++)
        {
            Optimizer.GroupOptions[i].Lr = baseLrs[i];
            if (cycleMomentum) Optimizer.GroupOptions[i].CyclicMomentum = _maxMomentums[i];
        }

        Begin();
        baseLrs.CopyTo(BaseLrValues, 0);
    }

    /// <summary>Each group's upper learning rate (torch's <c>max_lrs</c>).</summary>
    public IReadOnlyList<double> MaxLrs => _maxLrs;

    /// <summary>Batches per cycle (torch's <c>total_size</c>).</summary>
    public double TotalSize { get; private set; }

    /// <summary>The rising fraction of a cycle (torch's <c>step_ratio</c>).</summary>
    public double StepRatio { get; private set; }

    /// <summary>The amplitude policy.</summary>
    public CyclicLRMode Mode { get; private set; }

    /// <summary>The base of the exp_range scaling (torch's <c>gamma</c>).</summary>
    public double Gamma { get; private set; }

    /// <summary>Whether momentum (beta1) cycles inversely to the learning rate.</summary>
    public bool CycleMomentum { get; private set; }

    /// <summary>Each group's momentum at the peak of a cycle.</summary>
    public IReadOnlyList<double> BaseMomentums => _baseMomentums;

    /// <summary>Each group's momentum at the start of a cycle.</summary>
    public IReadOnlyList<double> MaxMomentums => _maxMomentums;

    private static void CheckMode(CyclicLRMode mode)
    {
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode is invalid and scale_fn is None");
    }

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        double cycle = Math.Floor(1 + epoch / TotalSize);
        double x = 1.0 + epoch / TotalSize - cycle;
        double scaleFactor = x <= StepRatio ? x / StepRatio : (x - 1) / (StepRatio - 1);
        double scale = Mode switch
        {
            CyclicLRMode.Triangular => 1.0,
            CyclicLRMode.Triangular2 => 1 / DeterministicMath.Pow(2.0, (long)cycle - 1),
            _ => DeterministicMath.Pow(Gamma, epoch),
        };

        var baseLrs = BaseLrValues;
        for (int i = 0; i < lrs.Length; i++)
        {
            double baseHeight = (_maxLrs[i] - baseLrs[i]) * scaleFactor;
            lrs[i] = baseLrs[i] + baseHeight * scale;
        }

        if (!CycleMomentum) return;
        for (int i = 0; i < lrs.Length; i++)
        {
            double baseHeight = (_maxMomentums[i] - _baseMomentums[i]) * scaleFactor;
            _momentums[i] = _maxMomentums[i] - baseHeight * scale;
        }
    }

    private protected override void AfterStep()
    {
        if (!CycleMomentum) return;
        for (int i = 0; i < GroupCount; i++) Optimizer.GroupOptions[i].CyclicMomentum = _momentums[i];
    }

    private protected override void WriteSettings(JsonObject state)
    {
        state["max_lrs"] = ScheduleStateFormat.Numbers(_maxLrs);
        state["total_size"] = ScheduleStateFormat.Number(TotalSize);
        state["step_ratio"] = ScheduleStateFormat.Number(StepRatio);
        state["mode"] = ModeNames.First(pair => pair.Value == Mode).Key;
        state["gamma"] = ScheduleStateFormat.Number(Gamma);
        state["cycle_momentum"] = CycleMomentum;
        state["base_momentums"] = ScheduleStateFormat.Numbers(_baseMomentums);
        state["max_momentums"] = ScheduleStateFormat.Numbers(_maxMomentums);
    }

    private protected override Action ReadSettings(ScheduleStateReader reader)
    {
        double[] maxLrs = reader.Doubles("max_lrs", GroupCount);
        double totalSize = reader.Double("total_size");
        double stepRatio = reader.Double("step_ratio");
        var mode = reader.Name("mode", ModeNames);
        double gamma = reader.Double("gamma");
        bool cycleMomentum = reader.Bool("cycle_momentum");
        double[] baseMomentums = reader.Doubles("base_momentums", GroupCount);
        double[] maxMomentums = reader.Doubles("max_momentums", GroupCount);
        if (!(totalSize > 0)) throw reader.Invalid("total_size", $"is {PythonFloat.Repr(totalSize)}; a cycle is at least one batch long");
        if (!(stepRatio > 0 && stepRatio <= 1)) throw reader.Invalid("step_ratio", $"is {PythonFloat.Repr(stepRatio)}; expected 0 < step_ratio <= 1");
        if (cycleMomentum) reader.Validate(() => ScheduleCheck.HasCyclicMomentum(Optimizer));
        return () =>
        {
            (_maxLrs, TotalSize, StepRatio, Mode, Gamma) = (maxLrs, totalSize, stepRatio, mode, gamma);
            (CycleMomentum, _baseMomentums, _maxMomentums) = (cycleMomentum, baseMomentums, maxMomentums);
        };
    }
}
