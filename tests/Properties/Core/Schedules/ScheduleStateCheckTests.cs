using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>
/// A loaded state is checked as the constructor checks its arguments: a setting the constructor refuses, or a counter
/// no schedule can reach, is refused with a message naming it, and nothing changes.
/// </summary>
public class ScheduleStateCheckTests
{
    public static TheoryData<string, string, string, string> InvalidFields() => new()
    {
        // Settings: the constructor's (torch's) message.
        { "CosineAnnealingLR", "T_max", "0", "CosineAnnealingLR state holds invalid settings: Expected positive integer T_max, but got 0" },
        { "LinearLR", "start_factor", "0", "LinearLR state holds invalid settings: Starting multiplicative factor expected to be greater than 0 and less or equal to 1." },
        { "OneCycleLR", "total_steps", "0", "OneCycleLR state holds invalid settings: Expected positive integer total_steps, but got 0" },
        { "ReduceLROnPlateau", "factor", "1", "ReduceLROnPlateau state holds invalid settings: Factor should be < 1.0." },

        // Derived settings the constructor computes: a cycle has at least one batch, and rises over a fraction in (0, 1].
        { "CyclicLR", "total_size", "0", "CyclicLR state field \"total_size\" is 0.0; a cycle is at least one batch long." },
        { "CyclicLR", "step_ratio", "0", "CyclicLR state field \"step_ratio\" is 0.0; expected 0 < step_ratio <= 1." },
        { "CyclicLR", "step_ratio", "1.5", "CyclicLR state field \"step_ratio\" is 1.5; expected 0 < step_ratio <= 1." },
        { "OneCycleLR", "phase_ends", "[59.0]", "OneCycleLR state field \"phase_ends\" has 1 values; OneCycleLR has 2 or 3 phases." },

        { "PolynomialLR", "total_iters", "0", "PolynomialLR state holds invalid settings: Expected positive integer total_iters, but got 0" },
        { "CosineAnnealingWarmRestarts", "T_cur", "5", "CosineAnnealingWarmRestarts state field \"T_cur\" is 5.0; expected 0 <= T_cur < T_i." },
        { "CosineAnnealingWarmRestarts", "T_i", "2", "CosineAnnealingWarmRestarts state field \"T_i\" is 2; a period is at least T_0 = 5 epochs." },
        { "SWALR", "_step_count", "0", "SWALR state field \"_step_count\" is 0; a constructed schedule has taken at least its initial step." },
        { "SequentialLR", "milestones", "[30, 8]", "SequentialLR state holds invalid settings: Expected non-decreasing milestones, but got [30, 8]" },
        { "SequentialLR", "schedulers", "{}", "SequentialLR state field \"schedulers\" is not a list." },
        { "ChainedScheduler", "schedulers", "[]", "ChainedScheduler state holds 0 schedulers; this ChainedScheduler has 2." },

        // Counters below where construction puts them.
        { "StepLR", "last_epoch", "-1", "StepLR state field \"last_epoch\" is -1; a constructed schedule is at epoch 0 or later." },
        { "ReduceLROnPlateau", "last_epoch", "-1", "ReduceLROnPlateau state field \"last_epoch\" is negative (-1)." },
        { "ReduceLROnPlateau", "num_bad_epochs", "-1", "ReduceLROnPlateau state field \"num_bad_epochs\" is negative (-1)." },
        { "ReduceLROnPlateau", "cooldown_counter", "-1", "ReduceLROnPlateau state field \"cooldown_counter\" is negative (-1)." },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void An_invalid_field_is_refused_with_its_message_and_nothing_changes(string name, string field, string json, string message)
    {
        var adam = ScheduleCases.Optimizer();
        var schedule = ScheduleCases.Build(name, adam);
        ScheduleCases.Step(schedule);
        string before = schedule.SaveState().ToJsonString();
        string optimizerBefore = adam.SaveState().ToJsonString();

        var state = schedule.SaveState();
        state[field] = JsonNode.Parse(json);
        var load = () => schedule.LoadState(state);
        load.Should().Throw<InvalidDataException>().Which.Message.Should().Be(message);
        schedule.SaveState().ToJsonString().Should().Be(before);
        adam.SaveState().ToJsonString().Should().Be(optimizerBefore);
    }

    /// <summary>A cyclic schedule built without momentum cycling on an optimizer that has no momentum to cycle.</summary>
    private static LearningRateSchedule WithoutMomentum(string name, IOptimizer optimizer) => name switch
    {
        "CyclicLR" => new CyclicLR(optimizer, 0.01, 0.1, stepSizeUp: 5, cycleMomentum: false),
        _ => new OneCycleLR(optimizer, 0.1, totalSteps: 20, cycleMomentum: false),
    };

    [Theory]
    [InlineData("CyclicLR")]
    [InlineData("OneCycleLR")]
    public void Cycle_momentum_in_a_state_needs_an_optimizer_with_momentum_as_the_constructor_does(string name)
    {
        var optimizer = new LrOnlyOptimizer(0.3);
        var schedule = WithoutMomentum(name, optimizer);
        schedule.Step();
        var saved = schedule.SaveState();
        string before = saved.ToJsonString();

        // Its own state (cycle_momentum false) loads; the same state with cycle_momentum true is refused with torch's message.
        var fresh = WithoutMomentum(name, new LrOnlyOptimizer(0.3));
        fresh.LoadState(Reparse(saved));
        fresh.SaveState().ToJsonString().Should().Be(before);

        var state = schedule.SaveState();
        state["cycle_momentum"] = true;
        var load = () => schedule.LoadState(state);
        load.Should().Throw<InvalidDataException>().Which.Message.Should()
            .Be($"{name} state holds invalid settings: optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
        schedule.SaveState().ToJsonString().Should().Be(before);
    }
}
