using OptimizerLab.Analysis;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// A sweep with a <see cref="SweepStore"/>: each finished run is kept at once, a cancelled sweep returns what finished,
/// and running it again runs only the rest and ends equal, to the bit, to a sweep that never stopped.
/// </summary>
public class SweepResumeTests
{
    /// <summary>A small least-squares problem: 12 runs take well under a second.</summary>
    private static readonly RunSpec Small = new()
    {
        Problem = new ProblemSpec("seed", new Dictionary<string, string> { ["n"] = "16", ["d_in"] = "50" }),
        Steps = 400,
        DiagnosticsEvery = 50,
        SharpnessEvery = 25,
    };

    private static IReadOnlyList<SweepPoint> Points() =>
        Sweep.Expand(Small, ["adam"], [new SweepAxis("lr", ["1e-1", "1e-2", "1e-3"])], [0, 1, 2, 3]);

    private static string TempFolder(string name) =>
        Path.Combine(Path.GetTempPath(), "optimizerlab-sweep-resume-tests", $"{name}-{Guid.NewGuid():N}");

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 2)]
    public void Cancelled_after_k_runs_keeps_them_and_resuming_runs_exactly_the_rest(int k, int parallelism)
    {
        var points = Points();
        var store = new SweepStore(TempFolder("cancel"));
        using var cancel = new CancellationTokenSource();
        var first = Sweep.Run(points, store, parallelism, progress =>
        {
            File.Exists(store.PathOf(progress.Latest.Result.Spec)).Should().BeTrue("a run is kept before it is reported finished");
            if (progress.Done == k) cancel.Cancel();
        }, cancel.Token);

        first.Interrupted.Should().BeTrue();
        first.Reused.Should().Be(0);
        // The runs in flight when the token was cancelled stop at their next step; one may have just finished its last.
        first.Runs.Count.Should().BeInRange(k, k + parallelism - 1);
        Directory.GetFiles(store.Folder, "*.json").Should().HaveCount(first.Runs.Count, "every finished run is kept, and nothing else");
        Directory.GetFiles(store.Folder, ".*.tmp").Should().BeEmpty("stopped runs leave no half-written file");
        first.Runs.Select(r => points.ToList().IndexOf(r.Point)).Should().BeInAscendingOrder("finished runs come back in grid order");

        var ranAgain = new List<RunSpec>();
        var second = Sweep.Run(points, store, parallelism, progress =>
        {
            lock (ranAgain) ranAgain.Add(progress.Latest.Result.Spec);
        });
        second.Interrupted.Should().BeFalse();
        second.Reused.Should().Be(first.Runs.Count);
        second.Ran.Should().Be(points.Count - first.Runs.Count);
        ranAgain.Should().HaveCount(points.Count - first.Runs.Count).And.OnlyHaveUniqueItems();
        ranAgain.Should().NotIntersectWith(first.Runs.Select(r => r.Result.Spec), "kept runs are loaded, not run again");

        var straight = Sweep.Run(points, maxParallelism: parallelism);
        AssertSameSweep(second.Runs, straight);
    }

    [Fact]
    public void A_sweep_cancelled_before_it_starts_returns_nothing_and_keeps_nothing()
    {
        var store = new SweepStore(TempFolder("cancelled-before"));
        var outcome = Sweep.Run(Points(), store, cancel: new CancellationToken(canceled: true));
        outcome.Interrupted.Should().BeTrue();
        outcome.Runs.Should().BeEmpty();
        (Directory.Exists(store.Folder) ? Directory.GetFiles(store.Folder) : []).Should().BeEmpty();
    }

    [Fact]
    public void A_kept_run_loads_equal_to_the_run_as_it_finished_also_a_failed_one()
    {
        var store = new SweepStore(TempFolder("round-trip"));
        // Adam moves each weight by about lr per step: at lr = 1e38 the float32 prediction overflows at once, so the run
        // fails with a non-finite loss (non-finite values in its records and summary).
        var specs = new[] { Small, Small with { Label = "diverges", Options = new AdamOptions { Lr = 1e38 } } };
        foreach (var spec in specs)
        {
            var finished = Experiment.Run(spec);
            store.Save(finished);
            var loaded = store.Load(spec);
            loaded.Should().NotBeNull();
            AssertSameRun(loaded!, finished);
        }

        store.Load(specs[1])!.Failure.Should().NotBeNull("the diverging run is the failed case this test is about");
    }

    [Fact]
    public void A_run_whose_spec_or_analysis_changed_is_not_reused()
    {
        string folder = TempFolder("changed");
        var store = new SweepStore(folder);
        store.Save(Experiment.Run(Small));
        store.Load(Small).Should().NotBeNull();
        foreach (var changed in new[]
                 {
                     Small with { Steps = 401 }, Small with { Seed = 1 }, Small with { Label = "other" },
                     Small with { Options = new AdamOptions { Eps = 1e-6 } },
                     Small with { Problem = new ProblemSpec("seed", new Dictionary<string, string> { ["n"] = "16", ["d_in"] = "51" }) },
                 })
        {
            store.PathOf(changed).Should().NotBe(store.PathOf(Small));
            store.Load(changed).Should().BeNull();
        }

        new SweepStore(folder, new CurveAnalysisOptions { ReboundFactor = 100 }).Load(Small).Should().BeNull("the analysis options are part of the key");
    }

    [Fact]
    public void A_store_kept_by_a_build_of_another_format_version_is_refused_not_rerun()
    {
        var store = new SweepStore(TempFolder("old-version"));
        store.Save(Experiment.Run(Small));
        string kept = store.PathOf(Small);
        // A version-1 store named its files by a hash of the options as typed: this build would not find them.
        File.WriteAllText(Path.Combine(store.Folder, "adam-lr-1e-5.0123456789abcdef0123456789abcdef.json"),
            File.ReadAllText(kept).Replace($"\"version\":{SweepStore.Format.Version},", "\"version\":1,", StringComparison.Ordinal));
        var resume = () => Sweep.Run(Points(), store);
        resume.Should().Throw<InvalidDataException>().WithMessage($"The kept sweep runs in '{store.Folder}' are of format version 1*would run them again*without --resume*");
    }

    [Fact]
    public void A_corrupt_or_foreign_kept_file_is_an_error_naming_it()
    {
        var store = new SweepStore(TempFolder("corrupt"));
        var other = Small with { Seed = 7 };
        store.Save(Experiment.Run(other));
        string path = store.PathOf(Small);

        File.Copy(store.PathOf(other), path);
        var load = () => store.Load(Small);
        load.Should().Throw<InvalidDataException>().WithMessage($"*{path}*another run*Delete the file*");

        string text = File.ReadAllText(store.PathOf(other));
        File.WriteAllText(path, text[..(text.Length / 2)]);
        load.Should().Throw<InvalidDataException>().WithMessage($"*{path}*");

        File.WriteAllText(path, text.Replace("\"loss\":", "\"losses\":", StringComparison.Ordinal).Replace("\"seed\":7", "\"seed\":0", StringComparison.Ordinal));
        load.Should().Throw<InvalidDataException>().WithMessage($"*{path}*\"loss\"*");
    }

    [Fact]
    public void Clearing_deletes_the_kept_runs()
    {
        var store = new SweepStore(TempFolder("clear"));
        store.Clear().Should().Be(0, "a store whose folder does not exist yet holds nothing");
        store.Save(Experiment.Run(Small));
        store.Save(Experiment.Run(Small with { Seed = 1 }));
        store.Clear().Should().Be(2);
        store.Load(Small).Should().BeNull();
    }

    private static void AssertSameSweep(IReadOnlyList<SweepRun> actual, IReadOnlyList<SweepRun> expected)
    {
        actual.Select(r => r.Point).Should().Equal(expected.Select(r => r.Point));
        for (int i = 0; i < expected.Count; i++) AssertSameRun(actual[i].Result, expected[i].Result);
        Sweep.Summarize(actual).Should().Equal(Sweep.Summarize(expected));
    }

    private static void AssertSameRun(RunResult actual, RunResult expected)
    {
        actual.Spec.SameRunAs(expected.Spec).Should().BeTrue();
        // Bits, not values: NaN equals NaN and -0.0 differs from 0.0.
        actual.Records.Loss.Select(BitConverter.DoubleToInt64Bits).Should().Equal(expected.Records.Loss.Select(BitConverter.DoubleToInt64Bits));
        actual.Records.Diagnostics.Should().Equal(expected.Records.Diagnostics);
        actual.Summary.Should().Be(expected.Summary);
        actual.Prediction.Should().Be(expected.Prediction);
        actual.Failure.Should().Be(expected.Failure);
        RunSummaryJson.Serialize([actual]).Should().Be(RunSummaryJson.Serialize([expected]));
    }
}
