using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OptimizerLab.Cli.Tests;

/// <summary>
/// A `run` stopped by Ctrl-C several times — before the plateau, after it, after the rebound — and resumed each time
/// ends with the CSV, summary, chart and report of a run that never stopped, byte for byte. Real processes, each
/// signalled at a progress line (never by a clock); the steps they stop at are wherever the signal lands, so with
/// diagnostics every 7th and sharpness every 13th step they fall inside those intervals.
/// </summary>
public partial class RunResumeTests(ITestOutputHelper output)
{
    // The 4×4 problem plateaus at step 3769 and rebounds at 11513 (Adam, float32, seed 0): 30 000 steps take ~1 s of CPU.
    private static readonly string[] Run =
        ["run", "--n", "4", "--d-in", "4", "--steps", "30000", "--diagnostics-every", "7", "--sharpness-every", "13"];

    private static readonly string[] Outputs = ["run.csv", "summary.json", "run.svg", "report.html"];

    [Fact]
    public void Three_interruptions_before_the_plateau_after_it_and_after_the_rebound_then_resume_equal_an_uninterrupted_run()
    {
        string reference = Reference.Value;
        string folder = CliRunner.TempFolder("run-resume-chain");
        int previous = 0;
        foreach (var (signalFrom, index) in new[] { 256, 4096, 12032 }.Select((s, i) => (s, i)))
        {
            int stopped = Interrupt(folder, signalFrom, resume: index > 0);
            output.WriteLine($"interrupted at step {stopped} (signal at the first progress line at or after step {signalFrom})");
            stopped.Should().BeGreaterThan(previous);
            previous = stopped;
        }

        Finish(folder);
        SameOutputs(folder, reference);
    }

    [Fact]
    public void Resume_drops_csv_rows_written_after_the_checkpoint_and_refuses_a_csv_that_lacks_rows_before_it()
    {
        string reference = Reference.Value;
        string folder = CliRunner.TempFolder("run-resume-ahead");
        int stopped = Interrupt(folder, 4096, resume: false);
        string csv = Path.Combine(folder, "run.csv");
        var kept = File.ReadAllLines(csv);

        // A CSV shorter than the checkpoint: its rows cannot be made up.
        File.WriteAllLines(csv, kept[..^1]);
        var shorter = CliChildProcess.Run([.. Run, "--out", folder, "--resume"], signalAtLinePrefix: null, hangAfter: TimeSpan.FromMinutes(2));
        shorter.ExitCode.Should().Be(ExitCodes.UsageError, shorter.Stderr);
        shorter.Stderr.Should().Contain("run.csv").And.Contain($"holds {stopped - 1} steps, but the checkpoint is at step {stopped}").And.NotContain("   at ");
        File.ReadAllLines(csv).Should().HaveCount(kept.Length - 1, "a refused resume leaves the CSV as it was");

        // A CSV ahead of the checkpoint (rows written after it, then no new checkpoint): the extra rows are dropped, not doubled.
        File.WriteAllLines(csv, [.. kept, .. File.ReadLines(Path.Combine(reference, "run.csv")).Skip(kept.Length).Take(500)]);
        Finish(folder);
        SameOutputs(folder, reference);
    }

    /// <summary>
    /// The uninterrupted run both tests compare with, run once for the class (tests only read it). A child process, not
    /// in-process: Skia numbers an SVG's clip paths from a counter that runs across the process, so only a run in a
    /// fresh process writes the bytes a resumed child writes.
    /// </summary>
    private static readonly Lazy<string> Reference = new(() =>
    {
        string reference = CliRunner.TempFolder("run-resume-reference");
        var straight = CliChildProcess.Run([.. Run, "--out", reference], signalAtLinePrefix: null, hangAfter: TimeSpan.FromMinutes(2));
        straight.ExitCode.Should().Be(ExitCodes.Success, straight.Stderr);
        return reference;
    });

    /// <summary>Runs (or resumes) until the first progress line at or after <paramref name="signalFrom"/>, SIGINT there; the step it stopped at.</summary>
    private int Interrupt(string folder, int signalFrom, bool resume)
    {
        var outcome = CliChildProcess.Run([.. Run, "--out", folder, .. resume ? ["--resume"] : Array.Empty<string>()],
            line => ProgressStep(line) >= signalFrom, $"a progress line at step {signalFrom} or later", TimeSpan.FromMinutes(2), Environment);
        outcome.ExitCode.Should().Be(ExitCodes.Interrupted, outcome.Stderr);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")))!["runs"]![0]!;
        int stopped = summary["interrupted_at_step"]!.GetValue<int>();
        stopped.Should().BeGreaterThanOrEqualTo(signalFrom);
        summary["steps_run"]!.GetValue<int>().Should().Be(stopped);
        File.ReadLines(Path.Combine(folder, "run.csv")).Count().Should().Be(stopped + 1, "a header and one row per step done, none twice");
        Directory.GetFiles(folder, ".*.tmp").Should().BeEmpty("nothing is left half-written");
        return stopped;
    }

    private static void Finish(string folder)
    {
        var resumed = CliChildProcess.Run([.. Run, "--out", folder, "--resume"], signalAtLinePrefix: null, hangAfter: TimeSpan.FromMinutes(2));
        resumed.ExitCode.Should().Be(ExitCodes.Success, resumed.Stderr);
        File.Exists(Path.Combine(folder, "checkpoint.json")).Should().BeFalse("a finished run leaves no checkpoint");
    }

    private static void SameOutputs(string folder, string reference)
    {
        foreach (string file in Outputs)
            File.ReadAllBytes(Path.Combine(folder, file)).Should().Equal(File.ReadAllBytes(Path.Combine(reference, file)), file);
    }

    private static int ProgressStep(string line) =>
        ProgressLine().Match(line) is { Success: true } m ? int.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : -1;

    [GeneratedRegex(@"^\[step ([\d,]+)/")]
    private static partial Regex ProgressLine();

    private static readonly Dictionary<string, string> Environment = new() { ["OPTIMIZERLAB_PROGRESS_SECONDS"] = "0" };
}
