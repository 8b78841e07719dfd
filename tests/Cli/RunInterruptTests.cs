using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace OptimizerLab.Cli.Tests;

/// <summary>
/// Ctrl-C on a long `run` writes what is done (CSV, a summary marked with the step it stopped at, a checkpoint) and exits
/// 130; `run --resume` continues it, and the CSV and summary then equal an uninterrupted run's byte for byte.
/// </summary>
public class RunInterruptTests(ITestOutputHelper output)
{
    // A tiny problem, so 400 000 steps take about half a second: the signal, sent at the first progress line (step 256),
    // arrives with all but a few thousandths of the work still to do.
    private static readonly string[] LongRun =
        ["run", "--n", "4", "--d-in", "4", "--steps", "400000", "--diagnostics-every", "50000", "--sharpness-every", "0"];

    [Fact]
    public void Sigint_stops_a_real_run_process_writing_csv_summary_and_checkpoint_and_resume_equals_an_uninterrupted_run()
    {
        string folder = CliRunner.TempFolder("run-sigint");
        var first = RunChild([.. LongRun, "--out", folder], signalAtLinePrefix: "[step ");
        first.ExitCode.Should().Be(ExitCodes.Interrupted, first.Stderr);
        first.Stderr.Should().NotContain("   at ");
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")))!["runs"]![0]!;
        int stoppedAt = summary["interrupted_at_step"]!.GetValue<int>();
        stoppedAt.Should().BeInRange(256, 399_999, "the run was stopped mid-way");
        summary["steps_run"]!.GetValue<int>().Should().Be(stoppedAt);
        first.Stderr.Should().Contain($"Interrupted at step {stoppedAt} of 400000: wrote ");
        File.ReadLines(Path.Combine(folder, "run.csv")).Count().Should().Be(stoppedAt + 1, "a header and one line per step done");
        File.Exists(Path.Combine(folder, "checkpoint.json")).Should().BeTrue();
        Directory.GetFiles(folder, ".*.tmp").Should().BeEmpty("nothing is left half-written");

        var resumed = RunChild([.. LongRun, "--out", folder, "--resume"], signalAtLinePrefix: null);
        resumed.ExitCode.Should().Be(ExitCodes.Success, resumed.Stderr);
        resumed.Stderr.Should().Contain($"Resuming at step {stoppedAt}");
        File.Exists(Path.Combine(folder, "checkpoint.json")).Should().BeFalse("a finished run leaves no checkpoint");

        // The uninterrupted reference runs in-process: the signal and the resume above are what needs real processes.
        string reference = CliRunner.TempFolder("run-sigint-reference");
        var straight = CliRunner.Run([.. LongRun, "--out", reference]);
        straight.ExitCode.Should().Be(ExitCodes.Success, straight.Stderr);
        foreach (string file in (string[])["run.csv", "summary.json"])
            File.ReadAllBytes(Path.Combine(folder, file)).Should().Equal(File.ReadAllBytes(Path.Combine(reference, file)), file);
    }

    [Fact]
    public void Resume_without_a_checkpoint_or_with_another_runs_checkpoint_exits_2_naming_the_file()
    {
        string folder = CliRunner.TempFolder("run-resume-errors");
        var none = CliRunner.Run("run", "--steps", "20", "--n", "8", "--d-in", "10", "--out", folder, "--resume");
        none.ExitCode.Should().Be(ExitCodes.UsageError, none.Stderr);
        none.ErrorLines.Should().ContainSingle(l => l.StartsWith("error: ")).Which.Should().Contain("checkpoint.json").And.Contain("--resume");

        string checkpoint = Path.Combine(folder, "checkpoint.json");
        File.WriteAllText(checkpoint, "{\"format\": \"OptimizerLab.RunCheckpoint\", \"spec\": {\"steps\": 5}}");
        var other = CliRunner.Run("run", "--steps", "20", "--n", "8", "--d-in", "10", "--out", folder, "--resume");
        other.ExitCode.Should().Be(ExitCodes.UsageError, other.Stderr);
        other.ErrorLines.Should().ContainSingle(l => l.StartsWith("error: ")).Which.Should().Contain(checkpoint).And.Contain("another run");
        other.Stderr.Should().NotContain("   at ");
        File.Exists(Path.Combine(folder, "run.csv")).Should().BeFalse("nothing runs on a checkpoint that does not fit");
    }

    /// <summary>The CLI as a child process with a progress line every 256 steps; with a prefix, sent SIGINT at that line.</summary>
    private ChildOutcome RunChild(string[] args, string? signalAtLinePrefix)
    {
        // Only a hang fails the wait.
        var outcome = CliChildProcess.Run(args, signalAtLinePrefix, hangAfter: TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["OPTIMIZERLAB_PROGRESS_SECONDS"] = "0" });
        output.WriteLine(string.Join("\n", outcome.Stderr.Split('\n').Where(l => !l.StartsWith("[step ", StringComparison.Ordinal))));
        return outcome;
    }
}
