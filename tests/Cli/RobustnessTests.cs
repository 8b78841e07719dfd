using System.Diagnostics;

namespace OptimizerLab.Cli.Tests;

/// <summary>
/// Issue #9's CLI cases: a user's mistake exits 2 with one "error:" line, no stack trace, and nothing written in
/// --out; a process killed while writing its outputs leaves the previous complete files.
/// </summary>
public class RobustnessTests
{
    public static TheoryData<string[], string> BadInputs() => new()
    {
        { ["frobnicate"], "frobnicate" },
        { ["run", "--no-such-option"], "--no-such-option" },
        { ["run", "--lr", "1e-3x"], "1e-3x" },
        { ["run", "--lr", "NaN"], "nan" },
        { ["run", "--lr", "Infinity"], "inf" },
        { ["run", "--eps", "-1e-8"], "epsilon" },
        { ["run", "--steps", "1.5"], "1.5" },
        { ["run", "--steps", "99999999999999"], "99999999999999" },
        { ["run", "--seed", "0x10"], "0x10" },
        { ["run", "--set", "betas=0.9"], "betas" },
        { ["run", "--set", "betas=0.9,1.0"], "beta" },
        { ["run", "--set", "amsgrad=maybe"], "amsgrad" },
        { ["run", "--schedule", "exponentiallr:gamma=NaN"], "gamma" },
        { ["run", "--schedule", "steplr:step_size=-5"], "step_size" },
        { ["sweep", "--seeds", "1..x"], "--seeds" },
        { ["sweep", "--seeds", "5..2"], "backwards" },
        { ["sweep", "--lr", "1e-3,abc"], "abc" },
        { ["sweep", "--lr", ""], "--lr" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void A_user_mistake_exits_2_with_one_line_no_stack_trace_and_writes_nothing(string[] args, string mentioned)
    {
        string root = CliRunner.TempFolder("bad-input");
        string output = Path.Combine(root, "out");
        var outcome = CliRunner.Run([.. args, "--out", output]);
        outcome.ExitCode.Should().Be(ExitCodes.UsageError, outcome.Stderr);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: ").And.ContainEquivalentOf(mentioned, "the error names what is wrong");
        outcome.Stderr.Should().NotContain("   at ", "a user's mistake is not a crash");
        outcome.Stdout.Should().BeEmpty();
        (Directory.Exists(output) ? Directory.GetFileSystemEntries(output) : []).Should().BeEmpty("nothing is written for a refused command");
    }

    [Fact]
    public void An_out_path_that_is_a_file_exits_2_and_leaves_the_file_alone()
    {
        string root = CliRunner.TempFolder("out-is-file");
        string file = Path.Combine(root, "taken");
        File.WriteAllText(file, "keep me");
        var outcome = CliRunner.Run("run", "--steps", "10", "--out", file);
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("taken");
        outcome.Stderr.Should().NotContain("   at ");
        File.ReadAllText(file).Should().Be("keep me");
    }

    /// <summary>
    /// Kills a real CLI process (SIGKILL: nothing of its own runs after it) at its k-th file-system event in the output
    /// folder (k = 1, 2, 4, …: the first file it opens, later ones, charts), while it rewrites summary.json and the run's
    /// CSV over a previous run's files: every file is afterwards either the previous one or the new one, complete, never a
    /// torn mix. The kill follows the child's own writes (inotify), not a clock, so the moments fall in the write phase on
    /// a fast or a loaded machine alike.
    /// </summary>
    [Fact]
    public void A_process_killed_while_writing_leaves_complete_files()
    {
        string output = CliRunner.TempFolder("kill");
        string[] baseArgs = ["run", "--label", "k", "--format", "json", "--out", output];

        // The complete new files, from an uninterrupted run elsewhere (runs are deterministic to the bit). It and the
        // previous run only set the scene, so they run in-process; the kills below need real processes. A child that
        // finished writing compares with these, so an in-process run that wrote other bytes would fail the test.
        string reference = CliRunner.TempFolder("kill-reference");
        RunToEnd(["run", "--label", "k", "--format", "json", "--steps", "4000", "--out", reference]);
        string newJson = File.ReadAllText(Path.Combine(reference, "summary.json"));
        string newCsv = File.ReadAllText(Path.Combine(reference, "k.csv"));

        RunToEnd([.. baseArgs, "--steps", "300"]);
        string oldJson = File.ReadAllText(Path.Combine(output, "summary.json"));
        string oldCsv = File.ReadAllText(Path.Combine(output, "k.csv"));
        oldJson.Should().NotBe(newJson, "old and new differ in steps, so a torn file could not pass as either");

        int killed = 0;
        foreach (int k in (int[])[1, 2, 4, 8, 16])
        {
            if (KilledAtFileEvent([.. baseArgs, "--steps", "4000"], output, k)) killed++;
            File.ReadAllText(Path.Combine(output, "summary.json")).Should().BeOneOf(oldJson, newJson);
            File.ReadAllText(Path.Combine(output, "k.csv")).Should().BeOneOf(oldCsv, newCsv);
        }

        killed.Should().BeGreaterThan(0, "the kill at the first write lands before the child has finished, else the test proves nothing");
    }

    private static void RunToEnd(string[] args)
    {
        var outcome = CliRunner.Run(args);
        outcome.ExitCode.Should().Be(0, outcome.Stderr);
    }

    /// <summary>Runs the CLI and SIGKILLs it at the k-th create/change/rename in <paramref name="folder"/>; true when it was killed.</summary>
    private static bool KilledAtFileEvent(string[] args, string folder, int k)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "OptimizerLab.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])[cli, .. args]) start.ArgumentList.Add(a);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = false, InternalBufferSize = 1 << 16 };
        int events = 0;
        Process? child = null;
        void OnEvent(object? sender, FileSystemEventArgs e)
        {
            if (Interlocked.Increment(ref events) == k && Volatile.Read(ref child) is { } p)
            {
                try { p.Kill(); }
                catch (InvalidOperationException) { } // it finished first
            }
        }

        watcher.Created += OnEvent;
        watcher.Changed += OnEvent;
        watcher.Renamed += (sender, e) => OnEvent(sender, e);
        watcher.EnableRaisingEvents = true;
        using var process = Process.Start(start)!;
        Volatile.Write(ref child, process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit(TimeSpan.FromMinutes(1)).Should().BeTrue("the child finishes or is killed");
        process.WaitForExit();
        return process.ExitCode != 0;
    }
}
