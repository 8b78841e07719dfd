using Xunit.Abstractions;

namespace OptimizerLab.Cli.Tests;

/// <summary>
/// Issue #9's sweep fault: Ctrl-C stops a sweep cleanly (exit 130, one line saying what was kept, no outputs half
/// written), the finished runs are kept, and --resume runs only the rest and writes what an uninterrupted sweep writes.
/// </summary>
public partial class SweepInterruptTests(ITestOutputHelper output)
{
    /// <summary>Six small runs, one at a time, so that a cancellation after the k-th report leaves exactly k finished.</summary>
    private static readonly string[] SmallSweep =
        ["sweep", "--lr", "1e-2,1e-3", "--seeds", "0..2", "--steps", "400", "--n", "16", "--d-in", "50", "--parallel", "1"];

    private static readonly string[] Outputs = Commands.SweepCommand.Outputs;

    [Fact]
    public void An_interrupted_sweep_exits_130_keeps_its_runs_and_resuming_writes_what_an_uninterrupted_sweep_writes()
    {
        string folder = CliRunner.TempFolder("interrupt");
        var first = RunUntil([.. SmallSweep, "--save-runs", "--out", folder], cancelAtLinePrefix: "[2/");
        first.ExitCode.Should().Be(ExitCodes.Interrupted, first.Stderr);
        first.ErrorLines[^1].Should().Be(
            $"Interrupted: 2 of 6 runs finished and kept in {Path.Combine(folder, ".sweep")}/; run the same command with --resume to continue");
        first.Stderr.Should().NotContain("   at ", "an interruption is not a crash");
        first.Stdout.Should().BeEmpty();
        Directory.GetFiles(Path.Combine(folder, ".sweep"), "*.json").Should().HaveCount(2, "the two reported runs, and not the one stopped midway");
        foreach (string file in Outputs) File.Exists(Path.Combine(folder, file)).Should().BeFalse($"{file} is written only for a complete sweep");

        var resumed = CliRunner.Run([.. SmallSweep, "--save-runs", "--out", folder, "--resume"]);
        resumed.ExitCode.Should().Be(ExitCodes.Success, resumed.Stderr);
        resumed.Stderr.Should().Contain("(4 run now, 2 kept from before)");
        resumed.ErrorLines.Count(l => l.StartsWith('[')).Should().Be(4, "one progress line per run that ran");

        string reference = CliRunner.TempFolder("interrupt-reference");
        var straight = CliRunner.Run([.. SmallSweep, "--save-runs", "--out", reference]);
        straight.ExitCode.Should().Be(ExitCodes.Success, straight.Stderr);
        resumed.Stdout.Should().Be(straight.Stdout);
        string[] runFiles = Directory.GetFiles(Path.Combine(reference, "runs")).Select(Path.GetFileName).ToArray()!;
        runFiles.Should().HaveCount(6);
        foreach (string file in Outputs.Concat(runFiles.Select(f => Path.Combine("runs", f))))
        {
            byte[] actual = File.ReadAllBytes(Path.Combine(folder, file)), expected = File.ReadAllBytes(Path.Combine(reference, file));
            if (file.EndsWith(".svg", StringComparison.Ordinal)) (actual, expected) = (RenumberClipPaths(actual), RenumberClipPaths(expected));
            actual.Should().Equal(expected, file);
        }
    }

    /// <summary>
    /// Skia names an SVG's clip paths from a counter that runs across the process (cl_1, cl_2, … over every chart
    /// drawn), so two charts drawn in one test process differ in those names alone; separate processes give equal bytes.
    /// </summary>
    private static byte[] RenumberClipPaths(byte[] svg)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        string text = System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.UTF8.GetString(svg), @"\bcl_[0-9a-f]+\b",
            m => $"clip{(names.TryGetValue(m.Value, out int n) ? n : names[m.Value] = names.Count)}");
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    [Fact]
    public void Without_resume_a_sweep_starts_afresh_and_deletes_the_kept_runs()
    {
        string folder = CliRunner.TempFolder("afresh");
        RunUntil([.. SmallSweep, "--out", folder], cancelAtLinePrefix: "[3/").ExitCode.Should().Be(ExitCodes.Interrupted);
        var again = CliRunner.Run([.. SmallSweep, "--out", folder]);
        again.ExitCode.Should().Be(ExitCodes.Success, again.Stderr);
        again.Stderr.Should().Contain($"Starting afresh: deleted 3 runs kept in {Path.Combine(folder, ".sweep")}/");
        again.Stderr.Should().Contain("(6 run now, 0 kept from before)");
    }

    [Fact]
    public void Resuming_over_a_corrupt_kept_run_exits_2_naming_the_file_and_writes_no_outputs()
    {
        string folder = CliRunner.TempFolder("corrupt");
        RunUntil([.. SmallSweep, "--out", folder], cancelAtLinePrefix: "[1/").ExitCode.Should().Be(ExitCodes.Interrupted);
        string kept = Directory.GetFiles(Path.Combine(folder, ".sweep"), "*.json").Should().ContainSingle().Subject;
        File.WriteAllText(kept, "{\"format\": \"optimizerlab.sweep-run\", \"vers");

        var outcome = CliRunner.Run([.. SmallSweep, "--out", folder, "--resume"]);
        outcome.ExitCode.Should().Be(ExitCodes.UsageError, outcome.Stderr);
        outcome.ErrorLines.Where(l => l.StartsWith("error", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().StartWith("error: ").And.Contain(kept).And.Contain("Delete the file");
        outcome.Stderr.Should().NotContain("   at ");
        foreach (string file in Outputs) File.Exists(Path.Combine(folder, file)).Should().BeFalse(file);
    }

    /// <summary>
    /// The real thing: a CLI child process gets SIGINT after its first run is reported, stops, says so, exits 130 and
    /// keeps what finished; --resume then starts with the kept runs skipped, and is itself interrupted after its first
    /// new run. The stop time is measured and printed.
    /// </summary>
    /// <remarks>
    /// Nothing here races the machine's speed: each signal is sent only once the child has said it is mid-sweep (a
    /// progress line), and the sweep is 40 runs of which at most two ever run, so the work left when the signal is sent
    /// is dozens of runs (seconds on any machine), against a signal that is delivered in microseconds. stderr is read on
    /// a thread of its own, not through the thread pool, which a parallel test run can starve for a second or more.
    /// </remarks>
    [Fact]
    public void Sigint_stops_a_real_sweep_process_cleanly_and_resume_skips_its_finished_runs()
    {
        string folder = CliRunner.TempFolder("sigint");
        string[] args = ["sweep", "--lr", "1e-2,1e-3", "--seeds", "0..19", "--steps", "3000", "--parallel", "1", "--out", folder];

        var first = RunChildUntilInterrupted(args, signalAtLinePrefix: "[1/40]");
        first.ExitCode.Should().Be(ExitCodes.Interrupted, first.Stderr);
        first.Stderr.Should().NotContain("   at ");
        first.Stderr.Should().Contain(
            $"Interrupted: 1 of 40 runs finished and kept in {Path.Combine(folder, ".sweep")}/; run the same command with --resume to continue");
        Directory.GetFiles(Path.Combine(folder, ".sweep"), "*.json").Should().HaveCount(1);
        Directory.GetFiles(folder, ".*.tmp", SearchOption.AllDirectories).Should().BeEmpty("nothing is left half-written");
        File.Exists(Path.Combine(folder, "summary.json")).Should().BeFalse();

        var resumed = RunChildUntilInterrupted([.. args, "--resume"], signalAtLinePrefix: "[2/40]");
        resumed.ExitCode.Should().Be(ExitCodes.Interrupted, resumed.Stderr);
        resumed.Stderr.Should().NotContain("[1/40]", "the kept run is not run again");
        resumed.Stderr.Should().Contain("Interrupted: 2 of 40 runs finished", "the kept run and the one run now");
        Directory.GetFiles(Path.Combine(folder, ".sweep"), "*.json").Should().HaveCount(2);
    }

    /// <summary>The CLI as a child process, sent SIGINT at the line starting with the prefix; the stop time is printed.</summary>
    private ChildOutcome RunChildUntilInterrupted(string[] args, string signalAtLinePrefix)
    {
        // Only a hang fails the wait: the measured stop is tens of milliseconds.
        var outcome = CliChildProcess.Run(args, signalAtLinePrefix, hangAfter: TimeSpan.FromSeconds(30));
        output.WriteLine($"SIGINT to exit: {outcome.SignalToExit!.Value.TotalMilliseconds:F0} ms");
        return outcome;
    }

    /// <summary>Runs the CLI in-process and cancels it as Ctrl-C would, once a stderr line starts with the prefix.</summary>
    private static CliOutcome RunUntil(string[] args, string cancelAtLinePrefix)
    {
        using var cancel = new CancellationTokenSource();
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new CancellingWriter(cancelAtLinePrefix, cancel) { NewLine = "\n" };
        int code = Cli.Run(args, stdout, stderr, cancel: cancel.Token);
        return new CliOutcome(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A captured stderr that cancels a token when a line with a given start is written (a progress line is
    /// written after its run is kept, so cancelling there stops the sweep after exactly that run).</summary>
    private sealed class CancellingWriter(string prefix, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.StartsWith(prefix, StringComparison.Ordinal) == true) cancel.Cancel();
        }
    }
}
