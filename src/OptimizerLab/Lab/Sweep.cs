using System.Collections.Concurrent;
using System.Globalization;
using OptimizerLab.Analysis;

namespace OptimizerLab.Lab;

/// <summary>One axis of a sweep grid: a torch-named optimizer option and the values it takes, as text (e.g. lr: 1e-2, 1e-3).</summary>
/// <param name="Option">The option's torch name, e.g. "lr", "eps", "beta2".</param>
/// <param name="Values">The values, in the order given.</param>
public sealed record SweepAxis(string Option, IReadOnlyList<string> Values);

/// <summary>One run of a sweep: the setting it belongs to (the grid point without the seed) and its spec.</summary>
/// <param name="Setting">The setting's name, e.g. "adam lr=1e-3 eps=1e-8"; runs that differ only by seed share it.</param>
/// <param name="Spec">The run.</param>
public sealed record SweepPoint(string Setting, RunSpec Spec);

/// <summary>A finished run of a sweep.</summary>
/// <param name="Point">What was run.</param>
/// <param name="Result">What came out (a run that failed carries <see cref="RunResult.Failure"/>).</param>
public sealed record SweepRun(SweepPoint Point, RunResult Result);

/// <summary>Progress of a sweep: runs done so far (in completion order) and the run that just finished.</summary>
/// <param name="Done">Runs finished, including <paramref name="Latest"/>.</param>
/// <param name="Total">Runs in the sweep.</param>
/// <param name="Latest">The run that just finished.</param>
public readonly record struct SweepProgress(int Done, int Total, SweepRun Latest);

/// <summary>A setting's runs over all seeds, summarized by medians.</summary>
/// <param name="Setting">The setting's name.</param>
/// <param name="Optimizer">Its optimizer.</param>
/// <param name="Lr">Its learning rate (resolved).</param>
/// <param name="Runs">Number of runs (seeds).</param>
/// <param name="Rebounded">Runs whose loss rebounded.</param>
/// <param name="Failed">Runs that stopped early (non-finite loss or gradient).</param>
/// <param name="MedianReboundStep">Median rebound step over all runs, a run without rebound counting as later than any;
/// null when the median run did not rebound.</param>
/// <param name="MedianLevel">Median level after the rebound over the runs that rebounded, or null.</param>
/// <param name="MedianPredictedStep">Median predicted rebound step over the runs with a prediction, or null.</param>
/// <param name="MedianPlateauStep">Median plateau step over the runs that reached the plateau, or null.</param>
public sealed record SweepCell(
    string Setting,
    string Optimizer,
    double Lr,
    int Runs,
    int Rebounded,
    int Failed,
    double? MedianReboundStep,
    double? MedianLevel,
    double? MedianPredictedStep,
    double? MedianPlateauStep);

/// <summary>
/// Grids of runs, run in parallel: optimizers × option values × seeds, each a <see cref="RunSpec"/> over a base spec.
/// Runs are independent and deterministic, so the results do not depend on the degree of parallelism or the order in
/// which runs finish; they come back in grid order.
/// </summary>
public static class Sweep
{
    /// <summary>
    /// The grid's points: for each optimizer, each combination of axis values (first axis outermost), each seed.
    /// The axes' text is parsed here, once per grid point, into the optimizer's options (over its defaults; the base
    /// spec's options are not used, since they would not fit every optimizer). Every spec is validated, so an unknown
    /// optimizer or option, or a malformed value, throws <see cref="ArgumentException"/> before anything runs.
    /// </summary>
    public static IReadOnlyList<SweepPoint> Expand(RunSpec baseSpec, IReadOnlyList<string> optimizers, IReadOnlyList<SweepAxis> axes, IReadOnlyList<ulong> seeds)
    {
        ArgumentNullException.ThrowIfNull(baseSpec);
        ArgumentNullException.ThrowIfNull(optimizers);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(seeds);
        if (optimizers.Count == 0) throw new ArgumentException("A sweep needs at least one optimizer.", nameof(optimizers));
        if (seeds.Count == 0) throw new ArgumentException("A sweep needs at least one seed.", nameof(seeds));
        foreach (var axis in axes)
        {
            if (axis.Values.Count == 0) throw new ArgumentException($"The sweep axis '{axis.Option}' has no values.", nameof(axes));
        }

        var points = new List<SweepPoint>();
        foreach (string optimizer in optimizers)
        {
            foreach (var combination in Combinations(axes))
            {
                var options = combination.Count == 0 ? null : Optimizers.OptimizerCatalog.Options(optimizer, combination);
                string setting = combination.Count == 0
                    ? optimizer.ToLowerInvariant()
                    : $"{optimizer.ToLowerInvariant()} {string.Join(" ", combination.Select(c => $"{c.Key}={c.Value}"))}";
                foreach (ulong seed in seeds)
                {
                    var spec = baseSpec with
                    {
                        Label = seeds.Count == 1 ? setting : $"{setting} seed={seed.ToString(CultureInfo.InvariantCulture)}",
                        Optimizer = optimizer,
                        Options = options,
                        Seed = seed,
                    };
                    spec.Validate();
                    points.Add(new SweepPoint(setting, spec));
                }
            }
        }

        return points;
    }

    /// <summary>
    /// Runs every point on up to <paramref name="maxParallelism"/> threads (0: one per core), longest runs first so the
    /// cores finish together. <paramref name="progress"/> is called once per finished run, one call at a time.
    /// Returns the runs in the order of <paramref name="points"/>. Cancelling <paramref name="cancel"/> stops the running
    /// experiments at their next step and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static IReadOnlyList<SweepRun> Run(IReadOnlyList<SweepPoint> points, int maxParallelism = 0, Action<SweepProgress>? progress = null,
        CurveAnalysisOptions? analysis = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        var results = new SweepRun?[points.Count];
        RunMissing(points, results, done: 0, maxParallelism, progress, analysis, store: null, cancel);
        return results!;
    }

    /// <summary>
    /// Runs a sweep that survives interruption: runs kept in <paramref name="store"/> (same spec, same analysis) are
    /// loaded instead of run; every other run is kept in the store as soon as it finishes, before
    /// <paramref name="progress"/> hears of it. Cancelling <paramref name="cancel"/> stops the running experiments at
    /// their next step and returns what finished (<see cref="SweepOutcome.Interrupted"/>); calling this again with the same
    /// points and store runs only the rest, and the finished sweep equals one that was never interrupted, to the bit.
    /// Progress counts the loaded runs as done. A kept file that cannot be used throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static SweepOutcome Run(IReadOnlyList<SweepPoint> points, SweepStore store, int maxParallelism = 0, Action<SweepProgress>? progress = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(store);
        var results = new SweepRun?[points.Count];
        int reused = 0;
        for (int i = 0; i < points.Count; i++)
        {
            if (store.Load(points[i].Spec) is not { } kept) continue;
            results[i] = new SweepRun(points[i], kept);
            reused++;
        }

        try
        {
            RunMissing(points, results, reused, maxParallelism, progress, store.Analysis, store, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Parallel.ForEach returns only after every started run has stopped, so the results array is settled.
        }

        return new SweepOutcome(results.OfType<SweepRun>().ToArray(), points.Count, reused);
    }

    /// <summary>Runs the points whose result is still null, filling them in; <paramref name="done"/> runs count as done already.</summary>
    private static void RunMissing(IReadOnlyList<SweepPoint> points, SweepRun?[] results, int done, int maxParallelism,
        Action<SweepProgress>? progress, CurveAnalysisOptions? analysis, SweepStore? store, CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxParallelism);
        int[] order = Enumerable.Range(0, points.Count).Where(i => results[i] is null).OrderByDescending(i => points[i].Spec.Steps).ToArray();
        var gate = new object();
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxParallelism == 0 ? Environment.ProcessorCount : maxParallelism,
            CancellationToken = cancel,
        };
        // NoBuffering hands out one run at a time in the given order, so the longest runs start first.
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), options, index =>
        {
            var run = new SweepRun(points[index], Experiment.Run(points[index].Spec, analysis, cancel));
            // Kept outside the lock (a write flushed to disk takes milliseconds) and before it is reported, so a run
            // reported finished is always on disk.
            store?.Save(run.Result);
            results[index] = run;
            lock (gate)
            {
                done++;
                progress?.Invoke(new SweepProgress(done, points.Count, run));
            }
        });
    }

    /// <summary>One cell per setting (in first-appearance order), with medians over its seeds.</summary>
    public static IReadOnlyList<SweepCell> Summarize(IReadOnlyList<SweepRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs
            .GroupBy(r => r.Point.Setting, StringComparer.Ordinal)
            .Select(group =>
            {
                var results = group.Select(r => r.Result).ToArray();
                var first = results[0].Spec;
                double[] rebounds = results.Select(r => r.Summary.ReboundStep is int s ? s : double.PositiveInfinity).ToArray();
                double medianRebound = CurveAnalysis.Median(rebounds);
                return new SweepCell(
                    group.Key,
                    first.Optimizer.ToLowerInvariant(),
                    first.NewOptions().Lr,
                    results.Length,
                    results.Count(r => r.Summary.ReboundStep is not null),
                    results.Count(r => r.Failure is not null),
                    double.IsFinite(medianRebound) ? medianRebound : null,
                    MedianOf(results.Select(r => r.Summary.LevelAfterRebound)),
                    MedianOf(results.Select(r => (double?)r.Prediction.PredictedStep)),
                    MedianOf(results.Select(r => (double?)r.Summary.PlateauStep)));
            })
            .ToArray();
    }

    private static double? MedianOf(IEnumerable<double?> values)
    {
        double[] present = values.Where(v => v is double d && !double.IsNaN(d)).Select(v => v!.Value).ToArray();
        return present.Length == 0 ? null : CurveAnalysis.Median(present);
    }

    private static IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> Combinations(IReadOnlyList<SweepAxis> axes)
    {
        IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> result = [[]];
        foreach (var axis in axes)
        {
            var current = axis;
            result = result.SelectMany(prefix => current.Values.Select(value =>
                (IReadOnlyList<KeyValuePair<string, string>>)[.. prefix, KeyValuePair.Create(current.Option, value)])).ToArray();
        }

        return result;
    }
}
