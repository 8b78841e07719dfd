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
    /// Kills a real CLI process at spread-out moments while it rewrites summary.json and the run's CSV over a previous
    /// run's files: every file is afterwards either the previous one or the new one, complete, never a torn mix.
    /// </summary>
    [Fact]
    public void A_process_killed_while_writing_leaves_complete_files()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "OptimizerLab.Cli.dll");
        File.Exists(cli).Should().BeTrue("the test project references the CLI, so its dll sits next to the tests");
        string output = CliRunner.TempFolder("kill");
        string[] baseArgs = ["run", "--label", "k", "--format", "json", "--out", output];

        // The complete new files, from an uninterrupted run elsewhere (runs are deterministic to the bit).
        string reference = CliRunner.TempFolder("kill-reference");
        RunChild(cli, ["run", "--label", "k", "--format", "json", "--steps", "4000", "--out", reference], killAfterMs: null).Should().Be(0);
        string newJson = File.ReadAllText(Path.Combine(reference, "summary.json"));
        string newCsv = File.ReadAllText(Path.Combine(reference, "k.csv"));

        RunChild(cli, [.. baseArgs, "--steps", "300"], killAfterMs: null).Should().Be(0);
        string oldJson = File.ReadAllText(Path.Combine(output, "summary.json"));
        string oldCsv = File.ReadAllText(Path.Combine(output, "k.csv"));
        oldJson.Should().NotBe(newJson, "old and new differ in steps, so a torn file could not pass as either");

        // Delays straddle the child's start-up, run and write phase.
        int killed = 0;
        foreach (int delay in (int[])[200, 450, 700, 1000])
        {
            if (RunChild(cli, [.. baseArgs, "--steps", "4000"], killAfterMs: delay) is null) killed++;
            File.ReadAllText(Path.Combine(output, "summary.json")).Should().BeOneOf(oldJson, newJson);
            File.ReadAllText(Path.Combine(output, "k.csv")).Should().BeOneOf(oldCsv, newCsv);
        }

        killed.Should().BeGreaterThan(0, "at least one child was killed before it finished, else the test proves nothing");
    }

    /// <summary>Runs the CLI; returns its exit code, or null when it was killed before finishing.</summary>
    private static int? RunChild(string cli, string[] args, int? killAfterMs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (killAfterMs is int ms && !process.WaitForExit(ms))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return null;
        }

        process.WaitForExit();
        return process.ExitCode;
    }
}
