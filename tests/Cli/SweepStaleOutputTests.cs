namespace OptimizerLab.Cli.Tests;

/// <summary>
/// Ctrl-C during a sweep into a folder that holds an earlier sweep's results: afterwards no old result sits beside
/// the new partial state looking current (the sweep deleted them before its first run), and resuming writes them anew.
/// </summary>
public partial class SweepInterruptTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_interrupted_sweep_leaves_none_of_the_previous_sweeps_outputs(bool resume)
    {
        string folder = CliRunner.TempFolder("stale");
        string[] earlier = ["sweep", "--lr", "1e-2", "--steps", "50", "--n", "16", "--d-in", "50", "--parallel", "1", "--save-runs", "--out", folder];
        CliRunner.Run(earlier).ExitCode.Should().Be(ExitCodes.Success);
        foreach (string file in Outputs) File.Exists(Path.Combine(folder, file)).Should().BeTrue(file);
        Directory.GetFiles(Path.Combine(folder, "runs")).Should().NotBeEmpty();

        var interrupted = RunUntil([.. SmallSweep, "--out", folder, .. resume ? ["--resume"] : Array.Empty<string>()], cancelAtLinePrefix: "[1/");
        interrupted.ExitCode.Should().Be(ExitCodes.Interrupted, interrupted.Stderr);
        // Every file of Outputs plus the one run CSV that --save-runs wrote.
        interrupted.Stderr.Should().Contain($"Deleted the previous sweep's outputs in {folder}/ ({Outputs.Length + 1} files); this sweep writes them again when it completes");
        foreach (string file in Outputs) File.Exists(Path.Combine(folder, file)).Should().BeFalse($"{file} of the earlier sweep must not look current");
        Directory.GetFiles(Path.Combine(folder, "runs")).Should().BeEmpty("the earlier sweep's run files are its outputs too");

        var resumed = CliRunner.Run([.. SmallSweep, "--out", folder, "--resume"]);
        resumed.ExitCode.Should().Be(ExitCodes.Success, resumed.Stderr);
        foreach (string file in Outputs) File.Exists(Path.Combine(folder, file)).Should().BeTrue(file);
    }
}
