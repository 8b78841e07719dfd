using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;

namespace OptimizerLab.Lab;

/// <summary>
/// Forecasts a rebound from the optimizer's state at the plateau alone, in two phases.
/// <para>The crossing: once the gradient is ~0 the optimizer's step sizes evolve as its <see cref="IStepSizeProjection"/>
/// says (Adam: v decays as β2^t, AMSGrad's maximum stays put), so the preconditioned sharpness S(s) = λ_max(D(s)^½ H D(s)^½)
/// is known for every future step s; the crossing is the first s with S(s) ≥ the threshold of the optimizer's momentum
/// form. With a learning-rate schedule every d_i scales with lr(s) and the form may change too (CyclicLR and OneCycleLR
/// cycle β1 or the momentum): S(s) = (lr(s)/lr)·S₀(s) against threshold(s). S₀ only grows, so a range of steps is ruled
/// out from S₀ at its end and the largest lr(s)/threshold(s) in it.</para>
/// <para>The growth: the unstable mode starts at the plateau holding the plateau's loss and is multiplied each step by the
/// <see cref="MomentumForm.Amplification"/> at S(s) of the form the projection says the step grows by
/// (<see cref="IStepSizeProjection.GrowthForm"/>): it decays while S is under the threshold, down to a seed level
/// <see cref="GrowthToRebound"/> below the plateau, and grows past the crossing (and shrinks again where a schedule pulls S
/// back below the threshold). The rebound is forecast where its loss reaches 1000× the higher of its own minimum and the
/// loss's floor, taken 1000× below the plateau's loss: a mode that decayed to the seed must grow back by
/// <see cref="GrowthToRebound"/>, one that crosses soon after the plateau only 1000× in loss from its minimum. The growth
/// is slow when S rises slowly past a low threshold (RMSprop: threshold 2, ~150 steps) and fast past a high one (Adam: 38,
/// ~30 steps).</para>
/// <para>The held floor: with decoupled weight decay the loss's floor is the plateau's own loss, falling with the squared
/// denominators, and the mode's spikes stop themselves at a peak set by the smallest denominator at the crossing
/// (<see cref="SpikeToAverage"/>); the rebound is where the floor has fallen 1000× below that peak, if the mode's growth
/// alone does not get there first.</para>
/// </summary>
public static class ReboundForecast
{
    /// <summary>How far ahead the forecast looks.</summary>
    public const int HorizonSteps = 200_000;

    /// <summary>
    /// The amplitude growth of the unstable mode from its seed level to a measured rebound (loss 1000× its running minimum)
    /// when it has decayed to the seed before the crossing: it must reach the plateau's own loss level, which is 31.6× in
    /// amplitude above the loss's floor.
    /// One constant for every optimizer, fitted on the seed problem's seeds 0–9 (docs/validation.md); the forecast depends on
    /// it only through its logarithm.
    /// </summary>
    public const double GrowthToRebound = 1e5;

    /// <summary>
    /// The forecast from the step sizes <paramref name="projection"/> gives (made after optimizer step
    /// <see cref="IStepSizeProjection.StartStep"/>), with the momentum form <paramref name="form"/> (or the schedule's,
    /// step by step): the crossing and the rebound as 0-based loss-table indices (optimizer step count s ↔ index s − 1),
    /// null where they do not come within the horizon.
    /// </summary>
    public static (int? Crossing, int? Rebound) Forecast(PowerIteration power, IStepSizeProjection projection, MomentumForm form,
        LearningRatePath? schedule = null, double plateauLoss = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(power);
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(form);
        long start = projection.StartStep;
        double[] d = new double[power.Dimension];
        var known = new Dictionary<long, double>();
        double Sharpness(long s)
        {
            if (known.TryGetValue(s, out double value)) return value;
            projection.StepSizesAt(s, d);
            return known[s] = power.LargestEigenvalue(d);
        }

        MomentumForm FormAt(long s) => schedule?.Form(s) ?? form;
        double Scale(long s) => schedule is null ? 1 : schedule.At(s) / projection.Lr;
        double Ratio(long s) => Scale(s) / FormAt(s).Threshold;
        double MaxRatio(long a, long b) => schedule is null ? 1 / form.Threshold : schedule.MaxRatio(a, b) / projection.Lr;

        long? crossing = FirstCrossing(Sharpness, Ratio, MaxRatio, start, start + HorizonSteps);
        if (crossing is not long first) return (null, null);
        double Growth(long s) => Math.Log(projection.GrowthForm(s, FormAt(s)).Amplification(Sharpness(s) * Scale(s)));

        // The unstable mode's log-amplitude, relative to its amplitude at the plateau (where it is taken to hold the plateau's
        // loss). The rebound is the mode's loss reaching 1000× both its own minimum and the loss's floor; the mode never
        // falls below a seed level G below that rebound level. Without decoupled weight decay the floor is taken 1000× below the
        // plateau's loss, so a mode that decays to the seed must grow back by G, and one still above the floor at the crossing (a
        // crossing soon after the plateau, with the loss still falling along the mode) rebounds 1000× (in loss) above its own
        // minimum. With decoupled weight decay the floor is held up (see FloorHeldByDecay) and the mode's spikes are capped.
        double halfDecade3 = Math.Log(1000) / 2, logGrowth = Math.Log(GrowthToRebound);
        var floor = FloorHeldByDecay(projection, FormAt(first), plateauLoss, power.Dimension);
        Func<long, double> floorAmplitude = floor is null ? _ => -halfDecade3 : floor.Amplitude;
        double Seed(long s) => floorAmplitude(s) + halfDecade3 - logGrowth;
        double cap = floor is null ? double.PositiveInfinity : floor.SpikeAmplitude(first, Scale(first), FormAt(first).Threshold);
        double amplitude = Math.Min(cap, DecayToCrossing(Growth, start, first, Seed));
        double lowest = amplitude;
        long step = first;
        while (step <= start + HorizonSteps)
        {
            double seed = Seed(step);
            amplitude = Math.Min(cap, Math.Max(seed, amplitude + Growth(step)));
            lowest = Math.Min(lowest, amplitude);
            if (amplitude >= Math.Max(floorAmplitude(step), lowest) + halfDecade3) return ((int)(first - 1), (int)(step - 1));
            if (amplitude == cap)
            {
                // Capped spikes: the rebound is where the falling floor (read from the step sizes alone) has dropped 1000×
                // below their peak, if the mode is still unstable then. On a constant lr S only grows, so it is; a
                // schedule may lower the lr first, so the growth is read every DecayStride steps up to there, and where it
                // turns negative the mode is followed step by step again.
                if (FloorBelow(floorAmplitude, cap - halfDecade3, step + 1, start + HorizonSteps) is not long below) return ((int)(first - 1), null);
                long next = step + DecayStride;
                while (schedule is not null && next < below && Growth(next) >= 0) next += DecayStride;
                if (schedule is null || next >= below) return ((int)(first - 1), (int)(below - 1));
                step = next;
                continue;
            }

            if (amplitude == seed)
            {
                // Stable again (a schedule lowered the lr): the mode is back at the seed level; wait for the next crossing.
                if (FirstCrossing(Sharpness, Ratio, MaxRatio, step + 1, start + HorizonSteps) is not long next) return ((int)(first - 1), null);
                step = next;
                continue;
            }

            step++;
        }

        return ((int)(first - 1), null);
    }

    /// <summary>
    /// The loss spikes of a mode that turns unstable on a plateau reached at the edge of stability stop themselves: each
    /// raises v in the mode's coordinates until S is back under the threshold. Held there, those coordinates' v equals the
    /// average of their g² (v is its running average), which puts the mode's average loss at lr·√v/(2·threshold) per
    /// coordinate (√v the smallest denominator at the crossing, lr/d_max); the spikes' peaks are
    /// <see cref="SpikeToAverage"/> times that. Fitted on seeds 400–405 (AdamW, weight decay 0.01, lr 3e-4 and 1e-4):
    /// every rebound within 10% for any factor from 32 to 52 (docs/validation.md).
    /// </summary>
    public const double SpikeToAverage = 40;

    /// <summary>
    /// The loss's floor when decoupled weight decay holds it up (the form shrinks θ each step), or null. On such a plateau
    /// the gradient is not ~0: it balances the shrink, g_i ≈ −λ·θ_i·(√v̂_i + eps), so the floor scales with the squared
    /// denominators and falls as they do: the plateau's loss times (median d at the plateau / median d now)². Without
    /// decay the loss falls on to the arithmetic's own floor, which the state does not tell.
    /// </summary>
    private static HeldFloor? FloorHeldByDecay(IStepSizeProjection projection, MomentumForm form, double plateauLoss, int dimension) =>
        form.Shrink < 1 && plateauLoss > 0 && double.IsFinite(plateauLoss) ? new HeldFloor(projection, plateauLoss, dimension) : null;

    /// <summary>The first step in [<paramref name="from"/>, <paramref name="to"/>] where the floor's amplitude is at most <paramref name="level"/> (it only falls), or null.</summary>
    private static long? FloorBelow(Func<long, double> floorAmplitude, double level, long from, long to)
    {
        for (long a = from, length = 64; a <= to; a += length, length *= 2)
        {
            long b = Math.Min(a + length - 1, to);
            if (floorAmplitude(b) > level) continue;
            while (a < b)
            {
                long middle = a + (b - a) / 2;
                if (floorAmplitude(middle) <= level) b = middle;
                else a = middle + 1;
            }

            return a;
        }

        return null;
    }

    /// <summary>A floor held up by decoupled weight decay, in the mode's log-amplitude units (0: the plateau's loss).</summary>
    private sealed class HeldFloor(IStepSizeProjection projection, double plateauLoss, int dimension)
    {
        private readonly double[] _d = new double[dimension];
        private readonly Dictionary<long, double> _median = [];

        /// <summary>½·ln(floor/plateau loss) at optimizer step <paramref name="step"/>: ln(median d at the plateau / median d then).</summary>
        public double Amplitude(long step) => Math.Log(Median(projection.StartStep) / Median(step));

        /// <summary>The cap of the mode's log-amplitude: its spikes' peak loss relative to the plateau's (see <see cref="SpikeToAverage"/>).</summary>
        public double SpikeAmplitude(long crossing, double scale, double threshold)
        {
            projection.StepSizesAt(crossing, _d);
            double largest = 0;
            foreach (double d in _d) largest = Math.Max(largest, d);
            double lr = projection.Lr * scale, smallestDenominator = projection.Lr / largest;
            double peak = SpikeToAverage * lr * smallestDenominator / (2 * threshold);
            return Math.Log(peak / plateauLoss) / 2;
        }

        private double Median(long step)
        {
            if (_median.TryGetValue(step, out double known)) return known;
            projection.StepSizesAt(step, _d);
            Array.Sort(_d);
            int n = _d.Length;
            return _median[step] = n % 2 == 1 ? _d[n / 2] : (_d[n / 2 - 1] + _d[n / 2]) / 2;
        }
    }

    /// <summary>
    /// The mode's log-amplitude at the crossing: from 0 at the plateau step <paramref name="start"/> it decays by the
    /// amplification (below 1 while stable) each step up to <paramref name="crossing"/>, or reaches the seed level, which
    /// ends the walk. S is read every <see cref="DecayStride"/> steps and interpolated between (it moves slowly), so a
    /// mode far from the threshold costs a few readings, not one per step.
    /// </summary>
    private static double DecayToCrossing(Func<long, double> growth, long start, long crossing, Func<long, double> seed)
    {
        double amplitude = 0;
        for (long a = start; a < crossing && amplitude > seed(a); a += DecayStride)
        {
            long b = Math.Min(a + DecayStride, crossing);
            double floorA = seed(a), floorB = seed(b);
            double ga = Math.Max(floorA, growth(a)), gb = Math.Max(floorA, growth(b));
            for (long s = a; s < b; s++)
            {
                double level = floorA + (floorB - floorA) * (s - a) / (b - a);
                if (amplitude <= level) break;
                amplitude = Math.Max(level, amplitude + ga + (gb - ga) * (s - a) / (b - a));
            }
        }

        return amplitude;
    }

    /// <summary>How many steps apart the decay before the crossing reads the sharpness.</summary>
    private const int DecayStride = 16;

    /// <summary>
    /// The first step s in [<paramref name="from"/>, <paramref name="to"/>] with S₀(s)·ratio(s) ≥ 1 (ratio = lr(s)/(lr·threshold(s))),
    /// or null. S₀ is non-decreasing (v only decays, the bias corrections only approach 1), so on a range [a, b] the product
    /// is at most S₀(b)·max ratio: ranges below 1 are skipped whole, the others halved, in step order; ranges double in
    /// length from <paramref name="from"/>.
    /// </summary>
    private static long? FirstCrossing(Func<long, double> sharpness, Func<long, double> ratio, Func<long, long, double> maxRatio, long from, long to)
    {
        long? Search(long a, long b)
        {
            if (sharpness(b) * maxRatio(a, b) < 1) return null;
            if (a == b) return a;
            long middle = a + (b - a) / 2;
            return Search(a, middle) ?? Search(middle + 1, b);
        }

        if (sharpness(from) * ratio(from) >= 1) return from;
        for (long a = from + 1, length = 64; a <= to; a += length, length *= 2)
        {
            if (Search(a, Math.Min(a + length - 1, to)) is long crossing) return crossing;
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
    private readonly List<MomentumForm> _form = [];
    private readonly ILearningRateSchedule _schedule;
    private readonly IOptimizer<double> _optimizer;
    private readonly long _start;
    private readonly double _loss;
    private bool _ended;

    /// <summary>
    /// A path starting at optimizer step <paramref name="start"/>, whose lr is <paramref name="currentLr"/>; each later step
    /// has one more schedule step. <paramref name="scheduleState"/> is the live schedule's <see cref="State.IStateful.SaveState"/>.
    /// </summary>
    public LearningRatePath(RunSpec spec, System.Text.Json.Nodes.JsonNode scheduleState, double currentLr, long start, double plateauLoss)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _optimizer = OptimizerCatalog.Create<double>(spec.Optimizer, [new Parameter<double>(1)], spec.NewOptions());
        _schedule = ScheduleCatalog.Create(spec.Schedule ?? throw new ArgumentException("The run has no schedule.", nameof(spec)), spec.ScheduleSettings, _optimizer);
        _schedule.LoadState(scheduleState);
        _optimizer.GroupOptions[0].Lr = currentLr;
        _start = start;
        _loss = plateauLoss;
        _lr.Add(currentLr);
        _form.Add(_optimizer.Dynamics.Momentum);
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
            _form.Add(_optimizer.Dynamics.Momentum);
        }

        return _lr[(int)index];
    }

    /// <summary>The optimizer's momentum form at optimizer step <paramref name="step"/> (CyclicLR and OneCycleLR move β1 or the momentum).</summary>
    public MomentumForm Form(long step)
    {
        At(step);
        return _form[(int)(step - _start)];
    }

    /// <summary>The largest lr/threshold over steps <paramref name="from"/> … <paramref name="to"/>.</summary>
    public double MaxRatio(long from, long to)
    {
        At(to);
        double max = 0;
        for (long s = from; s <= to; s++) max = Math.Max(max, _lr[(int)(s - _start)] / _form[(int)(s - _start)].Threshold);
        return max;
    }
}
