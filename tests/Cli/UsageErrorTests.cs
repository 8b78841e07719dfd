namespace OptimizerLab.Cli.Tests;

/// <summary>Bad arguments, files and folders: exit code 2, one line "error: …" on stderr, nothing on stdout, nothing run.</summary>
public class UsageErrorTests
{
    public static TheoryData<string[], string> BadArguments() => new()
    {
        { ["--bogus"], "--bogus" },
        { ["frobnicate"], "frobnicate" },
        { ["run", "--lr", "abc"], "abc" },
        { ["run", "--lr", "-1"], "Invalid learning rate" },
        { ["run", "--optimizer", "nope"], "--optimizer: unknown optimizer 'nope'" },
        { ["run", "--set", "nonsense=1"], "no option 'nonsense'" },
        { ["run", "--set", "novalue"], "name=value" },
        { ["run", "--steps", "0"], "--steps" },
        { ["run", "--steps", "many"], "many" },
        { ["run", "--precision", "f16"], "--precision" },
        { ["run", "--format", "xml"], "xml" },
        { ["run", "--eps", "0.1", "--set", "eps=0.2"], "twice" },
        { ["run", "--problem", "cubic"], "--problem" },
        { ["run", "--reduction", "max"], "--reduction" },
        { ["run", "--x", "only-x.npy"], "--y" },
        { ["run", "--init-weight", "w.npy"], "--x" },
        { ["sweep", "--seeds", "3..1"], "backwards" },
        { ["sweep", "--seeds", "a..b"], "--seeds" },
        { ["sweep", "--lr", "1e-3,,1e-4"], "--lr" },
        { ["sweep", "--optimizer", "adam,nope"], "nope" },
        { ["explain"], "explain" },
        { ["explain", "no-such-file.csv"], "no-such-file.csv" },
        { ["--seed", "-3"], "--seed" },
        { ["run", "--schedule", "sometimes"], "sometimes" },
        { ["run", "--schedule", "steplr"], "step_size" },
        { ["run", "--schedule", "steplr:step_size=100,gamma"], "name=value" },
        { ["sweep", "--schedule", "exponentiallr:gamma=0.99,warmup=3"], "warmup" },
        { ["run", "--schedule", "sequentiallr:schedules=steplr(step_size=5)+exponentiallr(gamma=0.9),milestones=5;9"], "milestones" },
        { ["run", "--schedule", "chainedscheduler:schedules=steplr(step_size=5)+lambdalr(x=1)"], "lambdalr" },
        { ["run", "--schedule", "lambdalr"], "lambdalr" },
        { ["run", "--clip-norm", "-1"], "--clip-norm takes a finite number ≥ 0; got '-1'" },
        { ["run", "--problem", "quadratic", "--problem-set", "max_eigenvalue=0.5"], "max_eigenvalue" },
        { ["sweep", "--problem", "rosenbrock", "--problem-set", "d=zero"], "'d'" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Bad_arguments_exit_2_with_one_line(string[] args, string mentioned)
    {
        var outcome = CliRunner.Run(args);
        outcome.ExitCode.Should().Be(ExitCodes.UsageError, outcome.Stderr);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain(mentioned);
        outcome.Stdout.Should().BeEmpty();
    }

    [Fact]
    public void An_unwritable_output_folder_is_reported_before_any_run()
    {
        string folder = CliRunner.TempFolder("unwritable");
        string file = Path.Combine(folder, "a-file");
        File.WriteAllText(file, "");
        // A folder inside a regular file can never be created.
        var outcome = CliRunner.Run("run", "--steps", "100000", "--out", Path.Combine(file, "out"));
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Be($"error: --out {Path.Combine(file, "out")}: {file} is a file, so no folder can be made inside it");
    }

    [Fact]
    public void A_malformed_csv_for_explain_names_file_and_line()
    {
        string folder = CliRunner.TempFolder("badcsv");
        string path = Path.Combine(folder, "bad.csv");
        File.WriteAllText(path, "step,loss\n0,1.5\n1,abc\n"); // sparse steps are fine for explain; a loss that is no number is not
        var outcome = CliRunner.Run("explain", path);
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("bad.csv").And.Contain("line 3");
    }
}

/// <summary>--help on every command: exit 0, usage on stdout, nothing on stderr.</summary>
public class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("reproduce", "--help")]
    [InlineData("run", "--help")]
    [InlineData("sweep", "--help")]
    [InlineData("explain", "--help")]
    [InlineData("-h")]
    public void Help_exits_0_with_usage(params string[] args)
    {
        var outcome = CliRunner.Run(args);
        outcome.ExitCode.Should().Be(ExitCodes.Success);
        outcome.Stdout.Should().Contain("Usage:");
        outcome.Stderr.Should().BeEmpty();
    }

    [Fact]
    public void Run_help_lists_the_options_for_own_data()
    {
        string help = CliRunner.Run("run", "--help").Stdout;
        foreach (string option in (string[])["--optimizer", "--lr", "--precision", "--steps", "--seed", "--x", "--y", "--init-weight", "--init-bias", "--out", "--format"])
            help.Should().Contain(option);
    }
}
