using OptimizerLab.Plots;

namespace OptimizerLab.Cli;

/// <summary>
/// What a streamed run's chart and question table need of its losses, in bounded memory: every loss of a run short
/// enough for a linear step axis (below <see cref="ChartFiles.LogStepsFrom"/> steps; its chart is then the one drawn
/// from all of them); for a longer run, each step below 4096, then per bucket of steps the lowest and the highest loss,
/// with 1024 buckets per doubling of the step (23 552 buckets up to step 2³¹), finer everywhere than the log step axis
/// the chart draws such runs on. The buckets depend only on the step, so the kept points do not depend on where a run
/// was interrupted and resumed.
/// </summary>
internal sealed class LossCurveKeeper(int steps)
{
    /// <summary>Runs of fewer steps keep every loss (at most 0.8 MB).</summary>
    public const int FullCurveSteps = ChartFiles.LogStepsFrom;

    private const int ExactSteps = 1 << 12;
    private const int BucketsPerOctave = 1 << 10;

    private readonly List<double>? _all = steps < FullCurveSteps ? new List<double>(steps) : null;
    private readonly List<double> _first = [];
    // Sized for the run's last step at the start, so nothing grows as the run goes; a bucket with LowStep 0 is empty (step 0 is never in one).
    private readonly Bucket[] _buckets = steps < FullCurveSteps ? [] : new Bucket[BucketOf(steps - 1) + 1];
    private readonly double[] _last = new double[3];

    /// <summary>Every loss added, when the run is short enough to keep them all; else null.</summary>
    public IReadOnlyList<double>? All => _all;

    /// <summary>The number of losses added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the loss of step <see cref="Count"/>.</summary>
    public void Add(double loss)
    {
        int t = Count++;
        _last[t % 3] = loss;
        if (_all is not null)
        {
            _all.Add(loss);
            return;
        }

        if (t < ExactSteps)
        {
            _first.Add(loss);
            return;
        }

        int index = BucketOf(t);
        var b = _buckets[index];
        // As MinMaxDecimation: the first point of a bucket is both extremes until a lower or higher one comes.
        if (b.LowStep == 0) b = new Bucket(t, loss, t, loss);
        else if (loss < b.Low) b = b with { LowStep = t, Low = loss };
        else if (loss > b.High) b = b with { HighStep = t, High = loss };
        _buckets[index] = b;
    }

    /// <summary>The loss of step <paramref name="t"/>, for the steps the question table shows (the first 302 and the last 3).</summary>
    public double At(int t) =>
        _all is not null ? _all[t]
        : t < _first.Count ? _first[t]
        : t >= Count - 3 && t < Count ? _last[t % 3]
        : throw new ArgumentOutOfRangeException(nameof(t), $"Step {t}'s loss is not kept.");

    /// <summary>The curve to draw: every loss, or the kept points with their steps.</summary>
    public (IReadOnlyList<double> Loss, IReadOnlyList<int>? Steps) Curve()
    {
        if (_all is not null) return (_all, null);
        var loss = new List<double>(_first);
        var at = Enumerable.Range(0, _first.Count).ToList();
        foreach (var b in _buckets)
        {
            if (b.LowStep == 0) continue;
            var (first, second) = b.LowStep <= b.HighStep ? ((b.LowStep, b.Low), (b.HighStep, b.High)) : ((b.HighStep, b.High), (b.LowStep, b.Low));
            at.Add(first.Item1);
            loss.Add(first.Item2);
            if (second.Item1 == first.Item1) continue;
            at.Add(second.Item1);
            loss.Add(second.Item2);
        }

        if (Count > 0 && at[^1] != Count - 1)
        {
            at.Add(Count - 1);
            loss.Add(_last[(Count - 1) % 3]);
        }

        return (loss, at);
    }

    /// <summary>The chart's series of a run whose losses this kept.</summary>
    public LossSeries Series(Lab.RunResult run)
    {
        var (loss, at) = Curve();
        return ChartFiles.Series(run, loss, at);
    }

    private static int BucketOf(int t)
    {
        int octave = 31 - int.LeadingZeroCount(t);
        return (octave - 12) * BucketsPerOctave + ((t - (1 << octave)) >> (octave - 10));
    }

    private readonly record struct Bucket(int LowStep, double Low, int HighStep, double High);
}
