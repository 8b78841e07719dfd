using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>What a state holds and restores beyond the continuation: torch's names for the modes, the last learning rates, edge settings.</summary>
public class ScheduleStateContentTests
{
    [Theory]
    [MemberData(nameof(ScheduleCases.All), MemberType = typeof(ScheduleCases))]
    public void Loading_restores_the_last_learning_rates_before_any_step(string name)
    {
        // torch's load_state_dict restores _last_lr, so get_last_lr() answers with the saved rates right away.
        var saved = ScheduleCases.Build(name, ScheduleCases.Optimizer());
        for (int i = 0; i < 5; i++) ScheduleCases.Step(saved);

        var resumed = ScheduleCases.Build(name, ScheduleCases.Optimizer(lr0: 0.7, lr1: 0.3), variant: true);
        resumed.LastLr.Should().NotEqual(saved.LastLr, "otherwise the test could not tell a restored LastLr from a kept one");
        resumed.LoadState(Reparse(saved.SaveState()));
        resumed.LastLr.Should().Equal(saved.LastLr);
    }

    [Theory]
    [InlineData(CyclicLRMode.Triangular, "triangular")]
    [InlineData(CyclicLRMode.Triangular2, "triangular2")]
    [InlineData(CyclicLRMode.ExpRange, "exp_range")]
    public void CyclicLR_state_names_the_mode_as_torch_does(CyclicLRMode mode, string torchName)
    {
        var schedule = new CyclicLR(Adam(0.1), 0.01, 0.1, stepSizeUp: 3, mode: mode);
        ((string?)schedule.SaveState()["mode"]).Should().Be(torchName);

        // A state naming the mode in torch's words loads as that mode.
        var other = new CyclicLR(Adam(0.1), 0.01, 0.1, stepSizeUp: 3, mode: mode == CyclicLRMode.Triangular ? CyclicLRMode.ExpRange : CyclicLRMode.Triangular);
        var state = other.SaveState();
        state["mode"] = torchName;
        other.LoadState(state);
        other.Mode.Should().Be(mode);
    }

    [Theory]
    [InlineData(AnnealStrategy.Cos, "cos")]
    [InlineData(AnnealStrategy.Linear, "linear")]
    public void OneCycleLR_state_names_the_anneal_strategy_as_torch_does(AnnealStrategy strategy, string torchName)
    {
        var schedule = new OneCycleLR(Adam(0.1), 0.1, totalSteps: 20, annealStrategy: strategy);
        ((string?)schedule.SaveState()["anneal_strategy"]).Should().Be(torchName);

        var other = new OneCycleLR(Adam(0.1), 0.1, totalSteps: 20, annealStrategy: strategy == AnnealStrategy.Cos ? AnnealStrategy.Linear : AnnealStrategy.Cos);
        var state = other.SaveState();
        state["anneal_strategy"] = torchName;
        other.LoadState(state);
        other.AnnealStrategy.Should().Be(strategy);
    }

    [Theory]
    [InlineData(PlateauMode.Min, ThresholdMode.Rel, "min", "rel")]
    [InlineData(PlateauMode.Max, ThresholdMode.Abs, "max", "abs")]
    public void ReduceLROnPlateau_state_names_its_modes_as_torch_does(PlateauMode mode, ThresholdMode thresholdMode, string torchMode, string torchThresholdMode)
    {
        var state = new ReduceLROnPlateau(Adam(0.1), mode: mode, thresholdMode: thresholdMode).SaveState();
        ((string?)state["mode"], (string?)state["threshold_mode"]).Should().Be((torchMode, torchThresholdMode));

        // A state naming the modes in torch's words loads as those modes.
        var other = new ReduceLROnPlateau(Adam(0.1), mode: mode == PlateauMode.Min ? PlateauMode.Max : PlateauMode.Min,
            thresholdMode: thresholdMode == ThresholdMode.Rel ? ThresholdMode.Abs : ThresholdMode.Rel);
        other.LoadState(state);
        (other.Mode, other.ThresholdMode).Should().Be((mode, thresholdMode));
    }

    [Fact]
    public void A_plateau_state_saved_during_cooldown_resumes_the_cooldown()
    {
        // patience 0, cooldown 3: epoch 1 sets the best, epoch 2 is bad and halves the rate, starting a cooldown of 3.
        var first = Adam(1.0);
        var interrupted = new ReduceLROnPlateau(first, patience: 0, cooldown: 3, factor: 0.5);
        interrupted.Step(1.0);
        interrupted.Step(2.0);
        (first.GroupOptions[0].Lr, interrupted.CooldownCounter).Should().Be((0.5, 3));

        // As in torch: a fresh optimizer and schedule, then the optimizer's state and the schedule's state.
        var second = Adam(1.0);
        var resumed = new ReduceLROnPlateau(second, patience: 5, cooldown: 1, factor: 0.1);
        second.LoadState(Reparse(first.SaveState()));
        resumed.LoadState(Reparse(interrupted.SaveState()));
        (resumed.InCooldown, resumed.CooldownCounter).Should().Be((true, 3));

        // Epochs 3-5 are bad but in cooldown; epoch 6 is bad after it and halves again; epoch 7 is in the new cooldown.
        double[] lrs = [.. new[] { 2.0, 2.0, 2.0, 2.0, 2.0 }.Select(m => { resumed.Step(m); return Snapshot(resumed)[0]; })];
        lrs.Should().Equal(0.5, 0.5, 0.5, 0.25, 0.25);
    }

    [Fact]
    public void A_sawtooth_cyclic_state_round_trips()
    {
        // step_size_down = 0 makes step_ratio exactly 1: the rate rises over the whole cycle and drops back at once.
        var first = Adam(0.1);
        var schedule = new CyclicLR(first, 0.0, 1.0, stepSizeUp: 4, stepSizeDown: 0, cycleMomentum: false);
        schedule.StepRatio.Should().Be(1.0);
        for (int i = 0; i < 6; i++) schedule.Step();

        var second = Adam(0.1);
        var resumed = new CyclicLR(second, 0.01, 0.1, stepSizeUp: 3, cycleMomentum: false);
        second.LoadState(Reparse(first.SaveState()));
        resumed.LoadState(Reparse(schedule.SaveState()));
        resumed.SaveState().ToJsonString().Should().Be(schedule.SaveState().ToJsonString());

        // Base 0 and max 1 make the rate the cycle position: batch 7 is 3/4 up, batch 8 starts a cycle, batch 9 is 1/4 up.
        double[] lrs = [.. Enumerable.Range(0, 3).Select(_ => { resumed.Step(); return Snapshot(resumed)[0]; })];
        lrs.Should().Equal(0.75, 0.0, 0.25);
    }
}
