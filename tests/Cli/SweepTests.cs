using OptimizerLab.Analysis;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli.Tests;

/// <summary>Sweep: the grid, the parallel runner, the medians, and the sweep command's table and files.</summary>
public class SweepTests
{
    /// <summary>A small least-squares problem (16 points, 50 inputs): the grid logic does not need the full-size one.</summary>
    private static readonly RunSpec Short = new()
    {
        Problem = new ProblemSpec("seed", new Dictionary<string, string> { ["n"] = "16", ["d_in"] = "50" }),
        Steps = 300,
        DiagnosticsEvery = 50,
        SharpnessEvery = 25,
    };

    [Fact]
    public void Expands_optimizers_times_axes_times_seeds_in_grid_order()
    {
        var points = Sweep.Expand(Short, ["adam", "amsgrad"], [new SweepAxis("lr", ["1e-2", "1e-3", "1e-4"]), new SweepAxis("eps", ["1e-8", "0.1"])], [0, 1]);
        points.Should().HaveCount(2 * 3 * 2 * 2);
        points[0].Setting.Should().Be("adam lr=1e-2 eps=1e-8");
        points[1].Spec.Seed.Should().Be(1);
        points[2].Setting.Should().Be("adam lr=1e-2 eps=0.1");
        points[^1].Setting.Should().Be("amsgrad lr=1e-4 eps=0.1");
        points.Select(p => p.Spec.Label).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("adam", "eps=1e-8,1e-6", "adam eps=1e-8|adam eps=1e-6")]
    [InlineData("adam", "betas=0.9,0.99", "adam betas=0.9,0.99")]
    [InlineData("adafactor", "eps=None,1e-3", "adafactor eps=None,1e-3")]
    public void A_comma_list_is_swept_unless_it_is_the_optimizers_own_tuple(string optimizer, string setting, string expectedSettings)
    {
        // Adafactor's eps is a pair; Adam's is one number, so the same text is a list for one and one value for the other.
        var outcome = CliRunner.Run("sweep", "--optimizer", optimizer, "--set", setting, "--seeds", "0", "--steps", "5",
            "--out", CliRunner.TempFolder("sweep-tuple"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        var rows = outcome.Stdout.Split('\n').Where(l => l.StartsWith($"| {optimizer} ", StringComparison.Ordinal)).Select(l => l.Split('|')[1].Trim());
        rows.Should().Equal(expectedSettings.Split('|'));
    }

    [Fact]
    public void Expanding_rejects_unknown_options_before_anything_runs()
    {
        var expand = () => Sweep.Expand(Short, ["adam"], [new SweepAxis("momentun", ["0.9"])], [0]);
        expand.Should().Throw<ArgumentException>().WithMessage("*momentun*");
    }

    [Fact]
    public void Results_do_not_depend_on_parallelism_and_come_back_in_grid_order()
    {
        var points = Sweep.Expand(Short, ["adam"], [new SweepAxis("lr", ["1e-1", "1e-2", "1e-3"])], [0, 1]);
        var serial = Sweep.Run(points, maxParallelism: 1);
        int reports = 0;
        var parallel = Sweep.Run(points, maxParallelism: 4, progress: _ => Interlocked.Increment(ref reports));
        reports.Should().Be(points.Count);
        parallel.Select(r => r.Point).Should().Equal(points);
        for (int i = 0; i < points.Count; i++) parallel[i].Result.Records.Loss.Should().Equal(serial[i].Result.Records.Loss);
    }

    [Fact]
    public void Medians_count_a_missing_rebound_as_later_than_any()
    {
        RunResult Fake(int? rebound, double? level) => new(Short,
            new RunRecords([1.0], []),
            new Analysis.CurveSummary(1, 1, 1, 0, 10, rebound, level, 0, null),
            Analysis.ReboundPrediction.None, null);
        var point = new SweepPoint("s", Short);
        var cells = Sweep.Summarize([
            new SweepRun(point, Fake(100, 1e-3)), new SweepRun(point, Fake(300, 1e-5)), new SweepRun(point, Fake(null, null)),
        ]);
        var cell = cells.Should().ContainSingle().Subject;
        cell.Rebounded.Should().Be(2);
        cell.MedianReboundStep.Should().Be(300, "sorted: 100, 300, never");
        cell.MedianLevel.Should().BeApproximately(0.5 * (1e-3 + 1e-5), 1e-18);

        var mostlyNever = Sweep.Summarize([new SweepRun(point, Fake(100, 1e-3)), new SweepRun(point, Fake(null, null)), new SweepRun(point, Fake(null, null))]);
        mostlyNever[0].MedianReboundStep.Should().BeNull("the median run did not rebound");
    }

    [Fact]
    public void The_sweep_command_prints_a_table_per_setting_and_writes_its_files()
    {
        string folder = CliRunner.TempFolder("sweep");
        var outcome = CliRunner.Run("sweep", "--optimizer", "adam,amsgrad", "--lr", "1e-2,1e-3", "--seeds", "0..1", "--steps", "700",
            "--n", "16", "--d-in", "50", "--out", folder);
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        foreach (string setting in (string[])["adam lr=1e-2", "adam lr=1e-3", "amsgrad lr=1e-2", "amsgrad lr=1e-3"])
            outcome.Stdout.Should().Contain($"| {setting} ");
        // Not a terminal: plain progress lines on stderr, the last one for the 8th run.
        outcome.Stderr.Should().Contain("[8/8]");
        foreach (string file in (string[])["sweep.csv", "sweep-runs.csv", "summary.json", "rebound-vs-lr.png", "rebound-vs-lr.svg"])
            File.Exists(Path.Combine(folder, file)).Should().BeTrue(file);
        File.ReadAllLines(Path.Combine(folder, "sweep-runs.csv")).Should().HaveCount(1 + 8);
    }
}
