using OptimizerLab.Analysis;

namespace OptimizerLab.Cli.Tests;

/// <summary>validate-predictions on a small fixed grid, the scoring it prints, and the forecast under a schedule.</summary>
public class ValidatePredictionsTests
{
    [Fact]
    public void A_small_grid_scores_adam_and_rmsprop()
    {
        // Seed 100 (no other test uses it): Adam lr 1e-3 rebounds at 3671 unscheduled (forecast 3710, 1.1 % off)
        // and not at all under steplr; RMSprop at lr 1e-3 reaches the plateau only with the schedule, and its forecast
        // (threshold 2, v decaying by alpha, then the unstable mode's growth) is 1.7 % off the rebound (2.3 % before the fused forward pass).
        var outcome = CliRunner.Run("validate-predictions", "--optimizers", "adam,rmsprop", "--lr", "1e-3", "--eps", "1e-8",
            "--weight-decay", "0", "--seeds", "100", "--steps", "4000");
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        var rows = outcome.Stdout.Split('\n');
        rows.Should().Contain(r => r.StartsWith("| adam | 2 | 0 | 2 | 2 | 2/2 (100 %) | 1 | 1/1 (100 %) |", StringComparison.Ordinal));
        rows.Should().Contain("| rmsprop | 2 | 0 | 1 | 1 | 1/1 (100 %) | 1 | 1/1 (100 %) | 1.7 % |");
    }

    [Fact]
    public void NAdam_forecasts_follow_its_own_update_form_and_the_mode_it_starts_with()
    {
        // Seeds 200 and 203 (no other test and no documented grid uses them), NAdam lr 3e-4: plateau 205, forecast 873,
        // measured 864; plateau 208, forecast 484, measured 458. Before main's plateau hold (10 steps below 1e-9) this test
        // ran seeds 200 and 201, and growing the mode by Adam's EMA form instead of NAdam's own made the worst error 9.9 %
        // (from 1.0 %), growing it from the seed level at the crossing put seed 201 12.8 % late (both tried then).
        var outcome = CliRunner.Run("validate-predictions", "--optimizers", "nadam", "--lr", "3e-4", "--eps", "1e-8",
            "--weight-decay", "0", "--schedule", "none", "--seeds", "200,203", "--steps", "1000");
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Split('\n').Should().Contain("| nadam | 2 | 0 | 2 | 2 | 2/2 (100 %) | 2 | 2/2 (100 %) | 5.7 % |");
    }

    [Fact]
    public void AdamW_with_weight_decay_forecasts_the_rebound_its_self_stopping_spikes_delay()
    {
        // Seed 405 (a seed the spike cap ReboundForecast.SpikeToAverage was fitted on; no documented grid uses it), AdamW
        // lr 3e-4, weight decay 0.01: the first spike comes at ~3625 as forecast, but it stops itself at ~1e-7 while the
        // floor, held up by the decay, is ~3e-10; the 1000× rebound comes at 4315, once the floor has fallen with the
        // denominators. Forecasting the spike's growth alone said 3659 (15.2 % early).
        var outcome = CliRunner.Run("validate-predictions", "--optimizers", "adamw", "--lr", "3e-4", "--eps", "1e-8",
            "--weight-decay", "0.01", "--schedule", "none", "--seeds", "405", "--steps", "5000", "--worst", "1");
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Split('\n').Should().Contain(r => r.StartsWith("| adamw | 1 | 0 | 1 | 1 | 1/1 (100 %) | 1 | 1/1 (100 %) |", StringComparison.Ordinal));
    }

    [Fact]
    public void Runs_go_on_far_enough_to_measure_every_rebound_a_forecast_before_the_horizon_can_be_right_about()
    {
        // A forecast f < H is within τ of a rebound r only if r ≤ f/(1 − τ): H = 5000, τ = 0.1 needs 5556 steps (5500 left
        // a forecast at 4999 and a rebound at 5550, 9.9 % apart, judged as "rebounds, none measured").
        Commands.ValidatePredictionsCommand.RunLength(5000, 0.1).Should().Be(5556);
        Commands.ValidatePredictionsCommand.RunLength(4000, 0).Should().Be(4000);
        Commands.ValidatePredictionsCommand.RunLength(100, 1.5).Should().Be(250);
    }

    [Fact]
    public void A_schedule_that_prevents_the_rebound_is_credited_and_not_predicted()
    {
        // Seed 100 at a constant lr 1e-3: forecast 3710, measured rebound 3671. Halving the lr every 1000 steps keeps the
        // sharpness below 38, and the run does not rebound.
        var outcome = CliRunner.Run("run", "--schedule", "steplr:step_size=1000,gamma=0.5", "--seed", "100",
            "--sharpness-every", "5000", "--diagnostics-every", "5000", "-o", CliRunner.TempFolder("steplr"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().Contain("plateau at step 242, no rebound in 5000 steps, predicted: no rebound")
            .And.Contain("The learning-rate schedule prevents the rebound: at the plateau's constant lr the forecast was step 3710");
    }

    [Fact]
    public void A_schedule_that_delays_the_rebound_moves_the_forecast()
    {
        // Halving the lr at step 2000 delays the rebound: measured at step 5033 in a 7000-step run (by hand), forecast 5076.
        var outcome = CliRunner.Run("run", "--schedule", "multisteplr:milestones=2000,gamma=0.5", "--seed", "100",
            "--sharpness-every", "5000", "--diagnostics-every", "5000", "-o", CliRunner.TempFolder("multistep"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().Contain("predicted rebound at step 5076 (forecast at the plateau), after this run's 5000 steps")
            .And.Contain("step 3710 at the plateau's constant lr, step 5076 with the schedule's lr(t)");
    }

    [Fact]
    public void Per_schedule_a_prevented_rebound_is_not_predicted_and_a_rising_lr_is_followed()
    {
        // Seed 0, Adam lr 1e-3: unscheduled it rebounds and the forecast is 1.1 % off; halving the lr every 1000 steps
        // prevents the rebound (a forecast that ignored the schedule would say ~step 2900: a wrong verdict); CyclicLR raises
        // the lr from 1e-4 to 1e-3 (and lowers β1) every 1000 steps and the rebound comes at step 1483, forecast 1496
        // (at the plateau's lr the forecast is step 3065: 107 % off).
        var outcome = CliRunner.Run("validate-predictions", "--optimizers", "adam", "--lr", "1e-3", "--eps", "1e-8", "--weight-decay", "0",
            "--schedule", "none", "--schedule", "steplr:step_size=1000,gamma=0.5", "--schedule", "cycliclr:base_lr=1e-4,max_lr=1e-3,step_size_up=500",
            "--seeds", "0", "--steps", "4000", "--by", "schedule");
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        var rows = outcome.Stdout.Split('\n');
        rows.Should().Contain("| none | 1 | 0 | 1 | 1 | 1/1 (100 %) | 1 | 1/1 (100 %) | 1.1 % |")
            .And.Contain("| steplr:step_size=1000,gamma=0.5 | 1 | 0 | 1 | 1 | 1/1 (100 %) | 0 | – | – |")
            .And.Contain("| cycliclr:base_lr=1e-4,max_lr=1e-3,step_size_up=500 | 1 | 0 | 1 | 1 | 1/1 (100 %) | 1 | 1/1 (100 %) | 0.9 % |");
    }

    [Fact]
    public void A_rising_lr_moves_the_forecast_earlier()
    {
        var outcome = CliRunner.Run("run", "--schedule", "cycliclr:base_lr=1e-4,max_lr=1e-3,step_size_up=500", "--seed", "0", "--steps", "2000",
            "--sharpness-every", "2000", "--diagnostics-every", "2000", "-o", CliRunner.TempFolder("cyclic"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().Contain("plateau at step 227, rebound at step 1483")
            .And.Contain("step 3065 at the plateau's constant lr, step 1496 with the schedule's lr(t)");
    }

    [Fact]
    public void A_dip_while_the_lr_rises_again_is_not_a_plateau()
    {
        // CosineAnnealingWarmRestarts restarts the lr at step 500; the descent, still oscillating, passes below 1e-9 for one
        // step (591: 9.8e-12, then 1.5e-9 at 592 and 1.5e-8 at 595, 1000× the dip). Read as a plateau, that dip made a
        // "rebound at step 595" no forecast could see; the loss settles below 1e-9 at step 660.
        var outcome = CliRunner.Run("run", "--lr", "1e-4", "--schedule", "cosineannealingwarmrestarts:t_0=500,t_mult=2", "--seed", "0", "--steps", "1000",
            "--sharpness-every", "1000", "--diagnostics-every", "1000", "-o", CliRunner.TempFolder("restarts"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().Contain("plateau at step 660, no rebound in 1000 steps");
    }

    private static PredictionCase Case(string optimizer, int? plateau, int? rebound, int? forecast, bool made, int steps = 5000) =>
        new(optimizer, $"{optimizer} {rebound}", steps,
            new CurveSummary(1, 1, 1e-12, 0, plateau, rebound, null, 0, null),
            new ReboundPrediction(38, null, null, null, forecast, null) { ForecastMade = made }, Failed: false, Tolerance: 0.1);

    [Fact]
    public void Scores_count_verdicts_and_forecasts_within_the_tolerance()
    {
        var cases = new[]
        {
            Case("adam", 200, 3000, 3200, made: true),   // 6.7 %: within 10 %
            Case("adam", 200, 3000, 3400, made: true),   // 13.3 %: outside
            Case("adam", 200, null, 6000, made: true),   // forecast after the run: right "no rebound"
            Case("adam", 200, null, 4000, made: true),   // forecast a rebound that did not come: wrong verdict
            Case("adam", 200, 5010, 4990, made: true),   // rebound just past the horizon, forecast 0.4 % off just before it: right
            Case("adam", null, null, null, made: false), // no plateau
            Case("rmsprop", 200, 400, null, made: false),
        };
        var scores = PredictionCheck.Score(cases);
        scores[0].Should().Be(new PredictionScore("adam", 6, 0, 5, 5, 4, 2, 1, 400 / 3000.0));
        scores[1].Should().Be(new PredictionScore("rmsprop", 1, 0, 1, 0, 0, 0, 0, null));
        PredictionCheck.Worst(cases, 5).Select(c => c.Setting).Should().Equal("adam ", "adam 3000");
    }
}
