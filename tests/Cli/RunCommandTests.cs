using System.Text.Json;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Cli.Tests;

/// <summary>The run command: the same curve as the library, its files, --format json, exit 1 on a failed run.</summary>
public class RunCommandTests
{
    [Fact]
    public void Writes_the_same_curve_as_the_library_in_memory()
    {
        string folder = CliRunner.TempFolder("run");
        var outcome = CliRunner.Run("run", "--optimizer", "adam", "--lr", "3e-3", "--precision", "float64", "--steps", "400", "--seed", "7", "--label", "mine", "--out", folder);
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);

        var expected = Experiment.Run(new RunSpec
        {
            Optimizer = "adam",
            Options = new AdamOptions { Lr = 3e-3 },
            Precision = Precision.Float64,
            Steps = 400,
            Seed = 7,
        });
        var written = RunCsv.Read(Path.Combine(folder, "mine.csv"));
        // The CSV holds shortest round-trip text, so equal doubles mean the same bits.
        written.Loss.Should().Equal(expected.Records.Loss);
        foreach (string file in (string[])["summary.json", "mine.png", "mine.svg"]) File.Exists(Path.Combine(folder, file)).Should().BeTrue(file);
        outcome.Stdout.Should().Contain("mine: plateau at step");
    }

    [Fact]
    public void Json_format_prints_the_summary_document_on_stdout()
    {
        string folder = CliRunner.TempFolder("run-json");
        var outcome = CliRunner.Run("run", "--steps", "300", "--format", "json", "--out", folder);
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        using var document = JsonDocument.Parse(outcome.Stdout);
        var run = document.RootElement.GetProperty("runs")[0];
        run.GetProperty("spec").GetProperty("steps").GetInt32().Should().Be(300);
        run.GetProperty("spec").GetProperty("options").GetProperty("lr").GetString().Should().Be("0.001");
        run.GetProperty("summary").GetProperty("initial_loss").GetDouble().Should().BeGreaterThan(0);
        outcome.Stdout.Should().Be(File.ReadAllText(Path.Combine(folder, "summary.json")), "stdout and the file hold the same document");
    }

    [Fact]
    public void A_run_that_blows_up_exits_1_with_one_error_line_and_still_writes_its_csv()
    {
        string folder = CliRunner.TempFolder("run-fail");
        // Adam moves each weight by about lr per step: at lr = 1e38 the float32 prediction overflows at once.
        var outcome = CliRunner.Run("run", "--lr", "1e38", "--steps", "20", "--out", folder);
        outcome.ExitCode.Should().Be(ExitCodes.RunFailed, outcome.Stderr);
        outcome.ErrorLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Contain("failed");
        var records = RunCsv.Read(Path.Combine(folder, "run.csv"));
        double.IsFinite(records.Loss[^1]).Should().BeFalse("the run stops at the first non-finite loss");
    }

    [Fact]
    public void Optimizer_options_reach_the_optimizer()
    {
        string folder = CliRunner.TempFolder("run-options");
        var outcome = CliRunner.Run("run", "--optimizer", "adamw", "--betas", "0.8,0.99", "--eps", "1e-6", "--weight-decay", "0.5", "--set", "amsgrad=true",
            "--steps", "50", "--format", "json", "--out", folder);
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        using var document = JsonDocument.Parse(outcome.Stdout);
        var options = document.RootElement.GetProperty("runs")[0].GetProperty("spec").GetProperty("options");
        options.GetProperty("beta1").GetString().Should().Be("0.8");
        options.GetProperty("beta2").GetString().Should().Be("0.99");
        options.GetProperty("eps").GetString().Should().Be("1E-06");
        options.GetProperty("weight_decay").GetString().Should().Be("0.5");
        options.GetProperty("amsgrad").GetString().Should().Be("true");
    }

    [Fact]
    public void Tuple_options_other_than_betas_reach_the_optimizer()
    {
        // Every tuple of torch's signatures is set as name=a,b: Rprop's etas and step_sizes as Adam's betas.
        string folder = CliRunner.TempFolder("run-tuples");
        var outcome = CliRunner.Run("run", "--optimizer", "rprop", "--set", "etas=0.4,1.3", "--set", "step_sizes=1e-5,20",
            "--steps", "20", "--format", "json", "--out", folder);
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        using var document = JsonDocument.Parse(outcome.Stdout);
        var options = document.RootElement.GetProperty("runs")[0].GetProperty("spec").GetProperty("options");
        options.GetProperty("etaminus").GetString().Should().Be("0.4");
        options.GetProperty("etaplus").GetString().Should().Be("1.3");
        options.GetProperty("step_size_min").GetString().Should().Be("1E-05");
        options.GetProperty("step_size_max").GetString().Should().Be("20");
    }

    [Fact]
    public void The_schedule_and_clipping_reach_the_run()
    {
        string folder = CliRunner.TempFolder("run-schedule");
        var outcome = CliRunner.Run("run", "--schedule", "steplr:step_size=100,gamma=0.5", "--clip-value", "0.5", "--steps", "250",
            "--diagnostics-every", "10", "--format", "json", "--out", folder);
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        var lr = RunCsv.Read(Path.Combine(folder, "run.csv")).Diagnostics.ToDictionary(d => d.Step, d => d.Lr);
        // StepLR halves lr every 100 steps: 1e-3, then 5e-4 from step 100, 2.5e-4 from step 200 (exact: halving is exact).
        lr[90].Should().Be(1e-3);
        lr[150].Should().Be(5e-4);
        lr[240].Should().Be(2.5e-4);
        using var document = JsonDocument.Parse(outcome.Stdout);
        var spec = document.RootElement.GetProperty("runs")[0].GetProperty("spec");
        spec.GetProperty("schedule").GetString().Should().Be("steplr");
        spec.GetProperty("clip_value").GetDouble().Should().Be(0.5);
    }

    [Fact]
    public void A_sequence_of_schedules_reaches_the_run()
    {
        string folder = CliRunner.TempFolder("run-sequence");
        var outcome = CliRunner.Run("run", "--schedule", "sequentiallr:schedules=constantlr(factor=0.5;total_iters=1000)+steplr(step_size=50;gamma=0.5),milestones=100",
            "--steps", "250", "--diagnostics-every", "10", "--out", folder);
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        var lr = RunCsv.Read(Path.Combine(folder, "run.csv")).Diagnostics.ToDictionary(d => d.Step, d => d.Lr);
        // ConstantLR halves 1e-3 until the milestone 100, where StepLR restarts at its epoch 0 (base rate), then halves every 50.
        lr[90].Should().Be(5e-4);
        lr[100].Should().Be(1e-3);
        lr[160].Should().Be(5e-4);
        lr[240].Should().Be(2.5e-4);
    }
}
