using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;

namespace OptimizerLab.Lab;

/// <summary>
/// Forecasts Adam's rebound from its state at the plateau alone. Once the gradient is ~0, every coordinate's second
/// moment decays as v(s) = v(s0)·β2^(s−s0) (AMSGrad: its maximum stays put), so the step sizes
/// d_i(s) = lr/(bc1(s)·(sqrt(v(s)/bc2(s)) + eps)) and with them the preconditioned sharpness S(s) = λ_max(D^½ H D^½) are
/// known for every future step s. The forecast is the first s with S(s) ≥ threshold, found by doubling then bisection;
/// null when S stays below the threshold up to the horizon (large eps caps d_i at lr/eps; AMSGrad freezes it).
/// With a learning-rate schedule every d_i scales with lr(s), so S(s) = (lr(s)/lr)·S₀(s) where S₀ is the forecast at the
/// current lr; S₀ only grows, so a range of steps can be ruled out from S₀ at its end and the largest lr(s) in it.
/// </summary>
public static class ReboundForecast
{
    /// <summary>How far ahead the forecast looks.</summary>
    public const int HorizonSteps = 200_000;

    /// <summary>
    /// The 0-based loss-table index of the forecast rebound (optimizer step count s ↔ index s − 1), or null.
    /// <paramref name="vHat"/> is v̂ = v/bc2 per coordinate after optimizer step <paramref name="stepCount"/>.
    /// </summary>
    public static int? Forecast(PowerIteration power, ReadOnlySpan<double> vHat, long stepCount, AdamOptions o, double threshold,
        LearningRatePath? schedule = null)
    {
        double[] v = new double[vHat.Length];
        double bc2AtStart = 1 - DeterministicMath.Pow(o.Beta2, stepCount);
        for (int i = 0; i < v.Length; i++) v[i] = vHat[i] * bc2AtStart;
        double[] d = new double[v.Length];

        double Sharpness(long s)
        {
            double decay = o.Amsgrad ? 1.0 : DeterministicMath.Pow(o.Beta2, s - stepCount);
            double bc1 = 1 - DeterministicMath.Pow(o.Beta1, s);
            double bc2 = 1 - DeterministicMath.Pow(o.Beta2, s);
            for (int i = 0; i < v.Length; i++) d[i] = o.Lr / (bc1 * (Math.Sqrt(v[i] * decay / bc2) + o.Eps));
            return power.LargestEigenvalue(d);
        }

        if (schedule is not null) return (int?)(ScheduledCrossing(Sharpness, schedule, o.Lr, stepCount, threshold) - 1);
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
