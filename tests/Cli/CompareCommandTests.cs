using System.Xml.Linq;

namespace OptimizerLab.Cli.Tests;

/// <summary>compare: two recorded runs side by side — where they first differ, which events moved, one chart, a report page.</summary>
public class CompareCommandTests
{
    // The seed problem with Adam at lr 1e-2: it plateaus near step 220 and rebounds near step 350 (~0.1 s a run).
    private static string Record(string name, params string[] extra) => RecordAt(name, "1e-2", extra);

    private static string RecordAt(string name, string lr, params string[] extra)
    {
        string folder = CliRunner.TempFolder(name);
        var outcome = CliRunner.Run(["run", "--lr", lr, "--steps", "600", "--sharpness-every", "0", .. extra, "--out", folder]);
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        return Directory.GetFiles(folder, "*.csv").Should().ContainSingle().Subject;
    }

    [Fact]
    public void Two_runs_in_two_precisions_differ_from_step_0_and_their_events_are_listed_with_a_chart_and_a_report()
    {
        string f32 = Record("compare-f32"), f64 = Record("compare-f64", "--precision", "float64");
        string folder = CliRunner.TempFolder("compare-out");

        var outcome = CliRunner.Run("compare", f32, f64, "--out", folder);

        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().Contain("- They first differ at step 0: ").And.Contain("of 600 steps both logged.");
        outcome.Stdout.Should().MatchRegex(@"\| run\s+\| values \| loss\[0\] \| plateau \|");
        foreach (string file in (string[])["compare.png", "compare.svg", "report.html"]) File.Exists(Path.Combine(folder, file)).Should().BeTrue(file);
        var page = XDocument.Parse(File.ReadAllText(Path.Combine(folder, "report.html")).Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
        page.Descendants("img").Should().ContainSingle().Which.Attribute("src")!.Value.Should().StartWith("data:image/png;base64,");
        page.Descendants("td").Select(td => td.Value).Should().Contain(f32).And.Contain(f64, "each run has its row, named by its file");
    }

    [Fact]
    public void A_run_compared_with_itself_is_identical_at_every_step_and_nothing_moved()
    {
        string run = Record("compare-same");
        string copy = Path.Combine(CliRunner.TempFolder("compare-copy"), "again.csv");
        File.Copy(run, copy);

        var outcome = CliRunner.Run("compare", run, copy, "--out", CliRunner.TempFolder("compare-same-out"));

        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().Contain("- They are identical at all 600 steps both logged.");
        outcome.Stdout.Should().NotContain("moved").And.NotContain("final loss is");
    }

    [Fact]
    public void A_moved_rebound_is_reported_with_its_steps()
    {
        string early = Record("compare-early"), late = RecordAt("compare-late", "5e-3");
        var outcome = CliRunner.Run("compare", early, late, "--out", CliRunner.TempFolder("compare-moved-out"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().MatchRegex(@"- The rebound (moved from step \d+ in .+ to step \d+ in .+ \([+-]?\d+ steps\)|at step \d+ in .+ is gone in .+)\.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Compare_takes_exactly_two_files(int count)
    {
        string run = Record("compare-count");
        var outcome = CliRunner.Run(["compare", .. Enumerable.Repeat(run, count)]);
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: ");
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        string run = Record("compare-missing");
        var outcome = CliRunner.Run("compare", run, "no-such-run.csv", "--out", CliRunner.TempFolder("compare-missing-out"));
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("no-such-run.csv").And.Contain("no such file");
    }
}
