using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// Anneals each group's learning rate to a fixed <c>swa_lr</c> over <c>anneal_epochs</c> epochs, then keeps it there
/// (<c>torch.optim.swa_utils.SWALR</c>, for stochastic weight averaging with <see cref="Averaging.AveragedModel{T}"/>).
/// </summary>
/// <remarks>
/// torch's chainable form, which this follows operation by operation, with s the number of steps taken before this one
/// (the constructor's included; torch's <c>_step_count - 1</c>), E = <c>anneal_epochs</c> and f the anneal function:
/// <code>
/// if E = 0: s = max(1, s)
/// α' = f(clamp((s - 1)/max(1, E), 0, 1));   lr' = α' = 1 ? swa_lr : (group lr - α'·swa_lr)/(1 - α')   (the rate the anneal started from)
/// α  = f(clamp(s/max(1, E), 0, 1));         lr  = swa_lr·α + lr'·(1 - α)
/// f cos:    (1 - cos(π·t))/2        f linear: t
/// </code>
/// The cosine comes from the platform's libm, as in CPython.
/// </remarks>
public sealed class SWALR : LearningRateSchedule
{
    private double[] _swaLrs;

    /// <summary>Anneals to <paramref name="swaLr"/> (one value, or one per group) over <paramref name="annealEpochs"/> epochs.</summary>
    public SWALR(IOptimizer optimizer, PerGroup swaLr, int annealEpochs = 10, AnnealStrategy annealStrategy = AnnealStrategy.Cos)
        : base(optimizer)
    {
        _swaLrs = swaLr.Expand("swa_lr", GroupCount);
        Validate(_swaLrs, annealEpochs, annealStrategy);
        (AnnealEpochs, AnnealStrategy) = (annealEpochs, annealStrategy);
        Begin();
    }

    /// <summary>Each group's final learning rate (torch's <c>group["swa_lr"]</c>).</summary>
    public IReadOnlyList<double> SwaLrs => _swaLrs;

    /// <summary>Number of epochs of the anneal (torch's <c>anneal_epochs</c>).</summary>
    public int AnnealEpochs { get; private set; }

    /// <summary>The shape of the anneal (torch's <c>anneal_strategy</c>).</summary>
    public AnnealStrategy AnnealStrategy { get; private set; }

    private static void Validate(double[] swaLrs, int annealEpochs, AnnealStrategy strategy)
    {
        if (!Enum.IsDefined(strategy))
            throw new ArgumentOutOfRangeException("anneal_strategy", strategy, $"anneal_strategy must by one of 'cos' or 'linear', instead got {strategy}");
        if (annealEpochs < 0)
            throw new ArgumentOutOfRangeException("anneal_epochs", annealEpochs, $"anneal_epochs must be equal or greater than 0, got {annealEpochs}");
        foreach (double swaLr in swaLrs) ScheduleCheck.NonNegativeFinite(swaLr, "swa_lr");
    }

    private double Anneal(double t) => AnnealStrategy == AnnealStrategy.Cos ? (1 - Math.Cos(Math.PI * t)) / 2 : t;

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        long step = StepCount;
        if (AnnealEpochs == 0) step = Math.Max(1, step);
        double length = Math.Max(1, AnnealEpochs);
        double previousAlpha = Anneal(Math.Clamp((step - 1) / length, 0, 1));
        double alpha = Anneal(Math.Clamp(step / length, 0, 1));
        for (int i = 0; i < lrs.Length; i++)
        {
            double swaLr = _swaLrs[i];
            double start = previousAlpha == 1 ? swaLr : (GroupLr(i) - previousAlpha * swaLr) / (1 - previousAlpha);
            lrs[i] = swaLr * alpha + start * (1 - alpha);
        }
    }

    private protected override void WriteSettings(JsonObject state)
    {
        state["swa_lrs"] = ScheduleStateFormat.Numbers(_swaLrs);
        state["anneal_epochs"] = AnnealEpochs;
        state["anneal_strategy"] = AnnealStrategyNames.Of(AnnealStrategy);
        state["_step_count"] = StepCount;
    }

    private protected override Action ReadSettings(ScheduleStateReader reader)
    {
        double[] swaLrs = reader.Doubles("swa_lrs", GroupCount);
        int annealEpochs = reader.Int("anneal_epochs");
        var strategy = reader.Name("anneal_strategy", AnnealStrategyNames.ByName);
        long stepCount = reader.Long("_step_count");
        reader.Validate(() => Validate(swaLrs, annealEpochs, strategy));
        if (stepCount < 1) throw reader.Invalid("_step_count", $"is {stepCount}; a constructed schedule has taken at least its initial step");
        return () => (_swaLrs, AnnealEpochs, AnnealStrategy, StepCount) = (swaLrs, annealEpochs, strategy, stepCount);
    }
}
