using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;

namespace OptimizerLab.Lab;

/// <summary>
/// Forecasts a rebound from the optimizer's state at the plateau alone. Once the gradient is ~0 the optimizer's step
/// sizes evolve as its <see cref="IStepSizeProjection"/> says (Adam: v decays as β2^t, AMSGrad's maximum stays put), so
/// the preconditioned sharpness S(s) = λ_max(D(s)^½ H D(s)^½) is known for every future step s. The forecast is the first
/// s with S(s) ≥ threshold, found by doubling then bisection; null when S stays below the threshold up to the horizon
/// (a large eps caps every step at lr/eps; AMSGrad freezes them).
/// With a learning-rate schedule every d_i scales with lr(s), so S(s) = (lr(s)/lr)·S₀(s) where S₀ is the forecast at the
/// current lr; S₀ only grows, so a range of steps can be ruled out from S₀ at its end and the largest lr(s) in it.
/// </summary>
public static class ReboundForecast
{
    /// <summary>How far ahead the forecast looks.</summary>
    public const int HorizonSteps = 200_000;

    /// <summary>
    /// The 0-based loss-table index of the forecast rebound (optimizer step count s ↔ index s − 1), or null, from the
    /// step sizes <paramref name="projection"/> gives (made after optimizer step <see cref="IStepSizeProjection.StartStep"/>).
    /// </summary>
    public static int? Forecast(PowerIteration power, IStepSizeProjection projection, double threshold, LearningRatePath? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(power);
        ArgumentNullException.ThrowIfNull(projection);
        long stepCount = projection.StartStep;
        double[]? d = null;

        double Sharpness(long s)
        {
            d ??= new double[power.Dimension];
            projection.StepSizesAt(s, d);
            return power.LargestEigenvalue(d);
        }

        if (schedule is not null) return (int?)(ScheduledCrossing(Sharpness, schedule, projection.Lr, stepCount, threshold) - 1);
        if (Sharpness(stepCount) >= threshold) return (int)(stepCount - 1);
        long low = stepCount, offset = 64, high;
        while (true)
        {
            high = stepCount + offset;
            if (offset > HorizonSteps) return null;
            if (Sharpness(high) >= threshold) break;
            low = high;
            offset *= 2;
        }

        while (high - low > 1)
        {
            long middle = low + (high - low) / 2;
            if (Sharpness(middle) >= threshold) high = middle;
            else low = middle;
        }

        return (int)(high - 1);
    }

    /// <summary>
    /// The first step s ≥ <paramref name="start"/> with (lr(s)/<paramref name="lr"/>)·S₀(s) ≥ threshold, or null within the
    /// horizon. S₀ is non-decreasing (v only decays, the bias corrections only approach 1), so on a range [a, b] the product
    /// is at most S₀(b)·max lr/lr: ranges below the threshold are skipped whole, the others halved, in step order.
    /// </summary>
    public static long? ScheduledCrossing(Func<long, double> sharpnessAtLr, LearningRatePath schedule, double lr, long start, double threshold)
    {
        ArgumentNullException.ThrowIfNull(sharpnessAtLr);
        ArgumentNullException.ThrowIfNull(schedule);
        var known = new Dictionary<long, double>();
        double At(long s) => known.TryGetValue(s, out double value) ? value : known[s] = sharpnessAtLr(s);

        long? Search(long a, long b)
        {
            if (At(b) * schedule.Max(a, b) / lr < threshold) return null;
            if (a == b) return a;
            long middle = a + (b - a) / 2;
            return Search(a, middle) ?? Search(middle + 1, b);
        }

        if (At(start) * schedule.At(start) / lr >= threshold) return start;
        for (long from = start + 1, offset = 64; offset <= 2 * HorizonSteps; from = start + offset + 1, offset *= 2)
        {
            if (Search(from, start + offset) is long crossing) return crossing;
        }

        return null;
    }
}

/// <summary>
/// The learning rate a schedule will give at each future optimizer step, from a copy of it stepped ahead on a
/// one-value optimizer (the run's own schedule and optimizer are not touched). A schedule that watches the loss
/// (ReduceLROnPlateau) is fed the plateau's loss, which is what it will see while the loss stays flat. A schedule with
/// an end (OneCycleLR's total_steps) keeps its last lr after it, as a loop that stopped stepping it would.
/// </summary>
public sealed class LearningRatePath
{
    private readonly List<double> _lr = [];
    private readonly ILearningRateSchedule _schedule;
    private readonly IOptimizer<double> _optimizer;
    private readonly long _start;
    private readonly double _loss;
    private bool _ended;

    /// <summary>
    /// A path starting at optimizer step <paramref name="start"/>, whose lr is <paramref name="currentLr"/>; each later step
    /// has one more schedule step. <paramref name="scheduleState"/> is the live schedule's <see cref="ILearningRateSchedule.SaveState"/>.
    /// </summary>
    public LearningRatePath(RunSpec spec, System.Text.Json.Nodes.JsonNode scheduleState, double currentLr, long start, double plateauLoss)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _optimizer = OptimizerCatalog.Create<double>(spec.Optimizer, [new Parameter<double>(1)], spec.ResolveOptions());
        _schedule = ScheduleCatalog.Create(spec.Schedule ?? throw new ArgumentException("The run has no schedule.", nameof(spec)), spec.ScheduleSettings, _optimizer);
        _schedule.LoadState(scheduleState);
        _optimizer.GroupOptions[0].Lr = currentLr;
        _start = start;
        _loss = plateauLoss;
        _lr.Add(currentLr);
    }

    /// <summary>The lr of optimizer step <paramref name="step"/> (≥ the start).</summary>
    public double At(long step)
    {
        long index = step - _start;
        while (_lr.Count <= index)
        {
            if (!_ended)
            {
                try
                {
                    ScheduleCatalog.Step(_schedule, _loss);
                }
                catch (InvalidOperationException)
                {
                    _ended = true;
                }
            }

            _lr.Add(_optimizer.GroupOptions[0].Lr);
        }

        return _lr[(int)index];
    }

    /// <summary>The largest lr over steps <paramref name="from"/> … <paramref name="to"/>.</summary>
    public double Max(long from, long to)
    {
        At(to);
        double max = 0;
        for (long s = from; s <= to; s++) max = Math.Max(max, _lr[(int)(s - _start)]);
        return max;
    }
}
