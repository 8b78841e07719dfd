using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// Reduces each group's learning rate by <c>factor</c> when a metric has not improved for more than <c>patience</c>
/// epochs (<c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>). Call <see cref="Step"/> with the metric once per epoch.
/// </summary>
/// <remarks>
/// <code>
/// better(a, best) = min/rel: a &lt; best·(1 - threshold)    min/abs: a &lt; best - threshold
///                   max/rel: a &gt; best·(threshold + 1)    max/abs: a &gt; best + threshold
/// step(metric):
///     last_epoch += 1
///     if better(metric, best): best = metric; bad = 0   else bad += 1
///     if cooldown_counter &gt; 0: cooldown_counter -= 1; bad = 0          (bad epochs in cooldown do not count)
///     if bad &gt; patience:
///         for each group: new = max(lr·factor, min_lr); if lr - new &gt; eps: lr = new
///         cooldown_counter = cooldown; bad = 0
/// </code>
/// Unlike the other schedules, construction changes nothing and records no <c>initial_lr</c>, as in torch.
/// torch checks only <c>factor &lt; 1</c>; here also <c>patience</c> and <c>cooldown</c> must be non-negative,
/// <c>eps</c> and <c>min_lr</c> finite and non-negative, and <c>threshold</c> finite, since other values have no sensible meaning.
/// </remarks>
public sealed class ReduceLROnPlateau : ILearningRateSchedule
{
    private static readonly Dictionary<string, PlateauMode> ModeNames = new() { ["min"] = PlateauMode.Min, ["max"] = PlateauMode.Max };
    private static readonly Dictionary<string, ThresholdMode> ThresholdModeNames = new() { ["rel"] = ThresholdMode.Rel, ["abs"] = ThresholdMode.Abs };

    private readonly double[] _lastLr;
    private double[] _minLrs;

    /// <summary>Watches a metric with torch's defaults: mode min, factor 0.1, patience 10, threshold 1e-4 (rel), no cooldown, min_lr 0, eps 1e-8.</summary>
    public ReduceLROnPlateau(IOptimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10,
        double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, PerGroup? minLr = null,
        double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        int groups = optimizer.GroupOptions.Count;
        var minLrs = minLr ?? 0.0;
        if (minLrs.IsList && minLrs.Count != groups)
            throw new ArgumentException($"expected {groups} min_lrs, got {minLrs.Count}", nameof(minLr));
        _minLrs = minLrs.Expand("min_lr", groups);
        Validate(mode, factor, patience, threshold, thresholdMode, cooldown, _minLrs, eps);
        (Mode, Factor, Patience, Threshold, ThresholdMode, Cooldown, Eps) = (mode, factor, patience, threshold, thresholdMode, cooldown, eps);

        _lastLr = new double[groups];
        LastLr = Array.AsReadOnly(_lastLr);
        for (int i = 0; i < groups; i++) _lastLr[i] = optimizer.GroupOptions[i].Lr;
        Best = ModeWorse;
    }

    /// <inheritdoc />
    public string Name => "ReduceLROnPlateau";

    /// <summary>The optimizer whose learning rates this schedule reduces.</summary>
    public IOptimizer Optimizer { get; }

    /// <inheritdoc />
    public IReadOnlyList<double> LastLr { get; }

    /// <inheritdoc />
    public long LastEpoch { get; private set; }

    /// <summary>Whether lower or higher values of the metric are better.</summary>
    public PlateauMode Mode { get; private set; }

    /// <summary>Multiplier of the learning rate at a reduction (torch's <c>factor</c>).</summary>
    public double Factor { get; private set; }

    /// <summary>Epochs without improvement tolerated before a reduction.</summary>
    public int Patience { get; private set; }

    /// <summary>How much better than the best a metric must be to count as an improvement.</summary>
    public double Threshold { get; private set; }

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public ThresholdMode ThresholdMode { get; private set; }

    /// <summary>Epochs after a reduction during which bad epochs are not counted.</summary>
    public int Cooldown { get; private set; }

    /// <summary>Each group's lower bound on the learning rate (torch's <c>min_lrs</c>).</summary>
    public IReadOnlyList<double> MinLrs => new ReadOnlyCollection<double>(_minLrs);

    /// <summary>The smallest change of a learning rate that is applied (torch's <c>eps</c>).</summary>
    public double Eps { get; private set; }

    /// <summary>The best metric seen so far (infinity, or minus infinity in max mode, before the first step).</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive epochs without improvement (torch's <c>num_bad_epochs</c>).</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>Epochs of cooldown left (torch's <c>cooldown_counter</c>).</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>True while bad epochs are ignored after a reduction.</summary>
    public bool InCooldown => CooldownCounter > 0;

    private double ModeWorse => Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    private static void Validate(PlateauMode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
        int cooldown, double[] minLrs, double eps)
    {
        if (!(factor < 1.0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Factor should be < 1.0.");
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, $"mode {mode} is unknown!");
        if (!Enum.IsDefined(thresholdMode))
            throw new ArgumentOutOfRangeException("threshold_mode", thresholdMode, $"threshold mode {thresholdMode} is unknown!");
        ScheduleCheck.NonNegativeInteger(patience, "patience");
        ScheduleCheck.NonNegativeInteger(cooldown, "cooldown");
        ScheduleCheck.Finite(threshold, "threshold");
        ScheduleCheck.NonNegativeFinite(eps, "eps");
        foreach (double minLr in minLrs) ScheduleCheck.NonNegativeFinite(minLr, "min_lr");
    }

    /// <summary>torch's <c>_is_better</c>.</summary>
    public bool IsBetter(double metric, double best) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => metric < best * (1.0 - Threshold),
        (PlateauMode.Min, ThresholdMode.Abs) => metric < best - Threshold,
        (PlateauMode.Max, ThresholdMode.Rel) => metric > best * (Threshold + 1.0),
        _ => metric > best + Threshold,
    };

    /// <summary>Records the epoch's metric (a validation loss, say) and reduces the learning rates if it has stopped improving.</summary>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else
        {
            NumBadEpochs++;
        }

        if (InCooldown)
        {
            CooldownCounter--;
            NumBadEpochs = 0;
        }

        if (NumBadEpochs > Patience)
        {
            ReduceLr();
            CooldownCounter = Cooldown;
            NumBadEpochs = 0;
        }

        for (int i = 0; i < _lastLr.Length; i++) _lastLr[i] = Optimizer.GroupOptions[i].Lr;
    }

    private void ReduceLr()
    {
        for (int i = 0; i < _lastLr.Length; i++)
        {
            var options = Optimizer.GroupOptions[i];
            double oldLr = options.Lr;
            double reduced = oldLr * Factor;

            // Python's max(a, b) keeps a unless b > a.
            double newLr = _minLrs[i] > reduced ? _minLrs[i] : reduced;
            if (oldLr - newLr > Eps) options.Lr = newLr;
        }
    }

    /// <inheritdoc />
    public JsonObject SaveState()
    {
        var state = ScheduleStateFormat.Header(Name, _lastLr.Length);
        state["last_epoch"] = LastEpoch;
        state["last_lr"] = ScheduleStateFormat.Numbers(_lastLr);
        state["mode"] = ModeNames.First(pair => pair.Value == Mode).Key;
        state["factor"] = ScheduleStateFormat.Number(Factor);
        state["patience"] = Patience;
        state["threshold"] = ScheduleStateFormat.Number(Threshold);
        state["threshold_mode"] = ThresholdModeNames.First(pair => pair.Value == ThresholdMode).Key;
        state["cooldown"] = Cooldown;
        state["min_lrs"] = ScheduleStateFormat.Numbers(_minLrs);
        state["eps"] = ScheduleStateFormat.Number(Eps);
        state["best"] = ScheduleStateFormat.Number(Best);
        state["num_bad_epochs"] = NumBadEpochs;
        state["cooldown_counter"] = CooldownCounter;
        return state;
    }

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        int groups = _lastLr.Length;
        var reader = ScheduleStateFormat.Open(state, Name, groups);
        long lastEpoch = reader.Long("last_epoch");
        double[] lastLr = reader.Doubles("last_lr", groups);
        var mode = reader.Name("mode", ModeNames);
        double factor = reader.Double("factor");
        int patience = reader.Int("patience");
        double threshold = reader.Double("threshold");
        var thresholdMode = reader.Name("threshold_mode", ThresholdModeNames);
        int cooldown = reader.Int("cooldown");
        double[] minLrs = reader.Doubles("min_lrs", groups);
        double eps = reader.Double("eps");
        double best = reader.Double("best");
        int numBadEpochs = reader.Int("num_bad_epochs");
        int cooldownCounter = reader.Int("cooldown_counter");
        reader.Validate(() => Validate(mode, factor, patience, threshold, thresholdMode, cooldown, minLrs, eps));
        if (lastEpoch < 0) throw reader.Invalid("last_epoch", $"is negative ({lastEpoch})");
        if (numBadEpochs < 0) throw reader.Invalid("num_bad_epochs", $"is negative ({numBadEpochs})");
        if (cooldownCounter < 0) throw reader.Invalid("cooldown_counter", $"is negative ({cooldownCounter})");

        // Everything was read and checked; only now is anything changed.
        (LastEpoch, Mode, Factor, Patience, Threshold, ThresholdMode, Cooldown, Eps) =
            (lastEpoch, mode, factor, patience, threshold, thresholdMode, cooldown, eps);
        (_minLrs, Best, NumBadEpochs, CooldownCounter) = (minLrs, best, numBadEpochs, cooldownCounter);
        lastLr.CopyTo(_lastLr, 0);
    }
}
