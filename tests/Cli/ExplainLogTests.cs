using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OptimizerLab.Cli.Tests;

/// <summary>
/// explain on training logs from elsewhere: the fixtures in Fixtures/logs are the lab's own runs reshaped into other
/// tools' layouts by Fixtures/logs/make_logs.py (which says which run each one is).
/// </summary>
public class ExplainLogTests
{
    private static string Fixture(string name)
    {
        // The fixtures stay in the source tree (one copy): walk up from the test binaries to it.
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string path = Path.Combine(folder.FullName, "tests", "Cli", "Fixtures", "logs", name);
            if (File.Exists(path)) return path;
        }

        throw new FileNotFoundException($"Fixture {name} not found above {AppContext.BaseDirectory}.");
    }

    private static string Write(string name, string text)
    {
        string path = Path.Combine(CliRunner.TempFolder("explain-log"), name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string FirstLine(CliOutcome outcome) => outcome.Stdout.Split('\n')[0];

    [Fact]
    public void TensorBoard_export_reads_Step_and_Value_every_10_steps()
    {
        var outcome = CliRunner.Run("explain", Fixture("tensorboard_adam.csv"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        // The lab's own run (adam, seed 11) rebounds at step 2951; the export keeps every 10th step, so the log sees it at 2960.
        FirstLine(outcome).Should().Be("tensorboard_adam.csv (500 logged values): plateau at step 280, rebound at step 2960, level 3.99e-05 after it");
        outcome.Stdout.Should().Contain("steps from 'Step'").And.Contain("at steps 0…4990 every 10");
    }

    [Fact]
    public void Epoch_train_loss_every_10_epochs_reports_epochs()
    {
        var outcome = CliRunner.Run("explain", Fixture("epoch_train_loss_amsgrad.csv"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        FirstLine(outcome).Should().Be("epoch_train_loss_amsgrad.csv (500 logged values): plateau at epoch 280, no rebound up to epoch 4990");
    }

    [Fact]
    public void Lightning_csv_skips_rows_without_a_training_loss()
    {
        var outcome = CliRunner.Run("explain", Fixture("lightning_adam_minibatch.csv"), "--format", "json");
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        using var document = JsonDocument.Parse(outcome.Stdout);
        var root = document.RootElement;
        // 500 train rows; the 50 validation rows leave train_loss empty.
        root.GetProperty("steps").GetInt32().Should().Be(500);
        root.GetProperty("step_column").GetString().Should().Be("step");
        root.GetProperty("loss_column").GetString().Should().Be("train_loss");
        root.GetProperty("summary").GetProperty("plateau_step").GetInt32().Should().Be(310);
        root.GetProperty("summary").GetProperty("rebound_step").GetInt32().Should().Be(1510);
    }

    [Fact]
    public void A_chosen_column_overrides_the_detection()
    {
        var outcome = CliRunner.Run("explain", Fixture("lightning_adam_minibatch.csv"), "--loss-column", "val_loss", "--step-column", "epoch");
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().StartWith("lightning_adam_minibatch.csv (50 logged values)").And.Contain("'val_loss' (steps from 'epoch'), at epochs 24…1249 every 25");
    }

    [Fact]
    public void One_based_tab_separated_log_keeps_its_numbering()
    {
        var outcome = CliRunner.Run("explain", Fixture("one_based_rmsprop.tsv"), "--optimizer", "rmsprop");
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        // The lab's run (rmsprop lr 1e-4 alpha 0.999, seed 14) rebounds at 0-based step 381: iteration 382 of the 1-based log.
        FirstLine(outcome).Should().Be("one_based_rmsprop.tsv (3000 logged values): plateau at step 73, rebound at step 382, level 0.000656 after it");
        outcome.Stdout.Should().Contain("RMSprop's square average decays like alpha^t").And.NotContain("pass --optimizer");
    }

    [Fact]
    public void A_non_finite_loss_is_a_divergence_with_its_step_and_exit_code_1()
    {
        var outcome = CliRunner.Run("explain", Fixture("nan_sgd.csv"));
        outcome.ExitCode.Should().Be(ExitCodes.RunFailed);
        FirstLine(outcome).Should().Be("nan_sgd.csv (330 logged values): no plateau (minimum 18.9 at step 4), FAILED: non-finite loss at step 326");
        outcome.Stdout.Should().Contain("The loss became inf at step 326 (line 328)");
    }

    [Fact]
    public void A_log_without_a_step_column_uses_the_row_index()
    {
        var outcome = CliRunner.Run("explain", Fixture("loss_only_adam_eps.csv"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        // eps = 0.1 caps Adam's steps: no rebound, and the early bumps of the descent (0.04 → 0.42 at row 45) are not one.
        FirstLine(outcome).Should().Be("loss_only_adam_eps.csv (3000 logged values): plateau at row 268, no rebound up to row 2999");
        outcome.Stdout.Should().Contain("no step column, so the row index is the step");
    }

    [Fact]
    public void A_loss_that_falls_to_0_01_and_jumps_50x_is_a_rebound()
    {
        // 2.3 halving to 0.01 by row 8, flat to row 40, then 0.5 (50×) to the end.
        var text = new StringBuilder("epoch,loss\n");
        for (int t = 0; t < 60; t++)
        {
            double loss = t < 8 ? 2.3 * Math.Pow(0.01 / 2.3, t / 8.0) : t < 40 ? 0.01 : 0.5;
            text.Append(CultureInfo.InvariantCulture, $"{t + 1},{loss:R}\n");
        }

        var outcome = CliRunner.Run("explain", Write("small.csv", text.ToString()));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        // 90% of the fall from 2.3 to 0.01 in decades: below 2.3^0.1 · 0.01^0.9 = 0.0172, first at epoch 9 (row 8, loss 0.01).
        FirstLine(outcome).Should().Be("small.csv (60 logged values): plateau at epoch 9, rebound at epoch 41, level 0.5 after it");
        outcome.Stdout.Should().Contain("The log does not say which optimizer produced it");
    }

    [Fact]
    public void Sgd_gets_no_amsgrad_advice()
    {
        var outcome = CliRunner.Run("explain", Fixture("tensorboard_adam.csv"), "--optimizer", "sgd");
        outcome.Stdout.Should().Contain("SGD's step is the learning rate itself").And.NotContain("amsgrad");
    }

    [Fact]
    public void The_lab_csv_keeps_the_lab_thresholds()
    {
        // A run's own CSV (here one diagnostics column) is judged as run judges it: plateau below 1e-9, rebound above 1000×.
        var text = new StringBuilder("step,loss,grad_norm\n");
        for (int t = 0; t < 300; t++) text.Append(CultureInfo.InvariantCulture, $"{t},{(t < 100 ? Math.Pow(10, 2 - 14 * t / 100.0) : t < 200 ? 1e-12 : 2e-10):R},\n");
        var outcome = CliRunner.Run("explain", Write("run.csv", text.ToString()));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        // 2e-10 is 200× the minimum: a rebound for a log's 10…1000× rule at 1000 here too, so none; the plateau is the 1e-9 one.
        FirstLine(outcome).Should().StartWith("run.csv (300 steps): plateau at step 79, no rebound in 300 steps");
    }

    [Theory]
    [InlineData("wall,acc\n1,0.5\n", "no loss column among 'wall', 'acc'; name one with --loss-column")]
    [InlineData("step,loss\n0,1\n10,0.5\n5,0.2\n", "line 4: step 5 does not come after 10 (line 3)")]
    [InlineData("step,loss\n0,1\n1,abc\n", "line 3: column 'loss' holds 'abc', not a number")]
    [InlineData("step,loss\n0,1\n1\n", "line 3: 1 cells, but the header has 2")]
    [InlineData("step,loss\n0.5,1\n", "line 2: column 'step' holds '0.5', not a whole number")]
    [InlineData("step,loss\n", "no row has a value in the loss column 'loss'")]
    public void A_malformed_log_is_a_usage_error_naming_file_and_line(string text, string expected)
    {
        var outcome = CliRunner.Run("explain", Write("bad.csv", text));
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().StartWith("error: explain bad.csv: ").And.Contain(expected);
    }

    [Fact]
    public void A_missing_named_column_lists_the_columns()
    {
        var outcome = CliRunner.Run("explain", Fixture("tensorboard_adam.csv"), "--loss-column", "train_loss");
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("line 1: no column 'train_loss' (--loss-column); the columns are 'Wall time', 'Step', 'Value'");
    }

    [Fact]
    public void An_unknown_optimizer_hint_is_a_usage_error()
    {
        var outcome = CliRunner.Run("explain", Fixture("tensorboard_adam.csv"), "--optimizer", "lion");
        outcome.ExitCode.Should().Be(ExitCodes.UsageError);
        outcome.ErrorLines.Should().ContainSingle().Which.Should().Contain("--optimizer 'lion'");
    }
}
