using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using OptimizerLab.State;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>Every schedule's state saves and loads exactly, and state that does not fit is refused without changing anything.</summary>
public class ScheduleStateTests
{
    private const int Steps = 60;

    public static TheoryData<string, int> NamesAndSavePoints()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in ScheduleCases.Names)
        {
            foreach (int k in new[] { 0, 11, 37 }) data.Add(name, k);
        }

        return data;
    }

    /// <summary>Each group's lr and beta1 after every step.</summary>
    private static List<(double Lr, double Beta1)[]> Trace(ILearningRateSchedule schedule, Adam<float> adam, int steps)
    {
        var trace = new List<(double, double)[]>();
        for (int i = 0; i < steps; i++)
        {
            ScheduleCases.Step(schedule);
            trace.Add(adam.Groups.Select(g => (g.Options.Lr, g.Options.Beta1)).ToArray());
            schedule.LastLr.Should().Equal(adam.Groups.Select(g => g.Options.Lr));
        }

        return trace;
    }

    [Theory]
    [MemberData(nameof(NamesAndSavePoints))]
    public void Save_at_k_then_load_into_a_fresh_schedule_and_continue_is_bit_identical(string name, int k)
    {
        var adam = ScheduleCases.Optimizer();
        var schedule = ScheduleCases.Build(name, adam);
        var uninterrupted = Trace(schedule, adam, Steps);

        var first = ScheduleCases.Optimizer();
        var interrupted = ScheduleCases.Build(name, first);
        Trace(interrupted, first, k);
        string optimizerState = first.SaveState().ToJsonString();
        string scheduleState = interrupted.SaveState().ToJsonString();

        // As in torch: build the optimizer and the schedule, then load the optimizer's state and the schedule's state.
        // The fresh schedule has other settings, so the continuation can only match if the state carries them all.
        var second = ScheduleCases.Optimizer(lr0: 0.7, lr1: 0.3);
        var resumed = ScheduleCases.Build(name, second, variant: true);
        second.LoadState(JsonNode.Parse(optimizerState)!);
        resumed.LoadState(JsonNode.Parse(scheduleState)!);
        var continued = Trace(resumed, second, Steps - k);

        for (int i = 0; i < continued.Count; i++)
            continued[i].Should().Equal(uninterrupted[k + i], $"step {k + i + 1} after resuming at {k}");
        resumed.SaveState().ToJsonString().Should().Be(schedule.SaveState().ToJsonString());
    }

    [Theory]
    [MemberData(nameof(ScheduleCases.All), MemberType = typeof(ScheduleCases))]
    public void State_names_its_format_version_schedule_and_group_count(string name)
    {
        var state = ScheduleCases.Build(name, ScheduleCases.Optimizer()).SaveState();
        ((string?)state["format"], (int?)state["version"], (string?)state["schedule"], (int?)state["groups"])
            .Should().Be((ScheduleStateFormat.Format.Name, 1, name, 2));
        state["last_epoch"].Should().NotBeNull();
        state["last_lr"]!.AsArray().Count.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(ScheduleCases.All), MemberType = typeof(ScheduleCases))]
    public void Another_schedules_state_is_refused_and_nothing_changes(string name)
    {
        string other = name == "StepLR" ? "ExponentialLR" : "StepLR";
        var foreign = ScheduleCases.Build(other, ScheduleCases.Optimizer()).SaveState();
        var adam = ScheduleCases.Optimizer();
        var schedule = ScheduleCases.Build(name, adam);
        ScheduleCases.Step(schedule);
        string before = schedule.SaveState().ToJsonString();
        string optimizerBefore = adam.SaveState().ToJsonString();

        var load = () => schedule.LoadState(foreign);
        load.Should().Throw<InvalidDataException>().WithMessage($"Schedule state was saved by {other} and cannot be loaded into {name}.");
        schedule.SaveState().ToJsonString().Should().Be(before);
        adam.SaveState().ToJsonString().Should().Be(optimizerBefore);
    }

    [Theory]
    [MemberData(nameof(ScheduleCases.All), MemberType = typeof(ScheduleCases))]
    public void State_of_another_version_is_refused(string name)
    {
        var schedule = ScheduleCases.Build(name, ScheduleCases.Optimizer());
        var state = schedule.SaveState();
        state["version"] = 2;
        var load = () => schedule.LoadState(state);
        load.Should().Throw<InvalidDataException>().WithMessage("Schedule state has format version 2; this build reads version 1.");
    }

    [Theory]
    [MemberData(nameof(ScheduleCases.All), MemberType = typeof(ScheduleCases))]
    public void State_for_another_number_of_groups_is_refused_and_nothing_changes(string name)
    {
        var twoGroups = ScheduleCases.Build(name, ScheduleCases.Optimizer()).SaveState();
        var oneGroup = new Adam<float>([new Parameter<float>(3, "a")], new AdamOptions { Lr = 0.05 });
        var schedule = name switch
        {
            // The two-group cases use per-group lists; a one-group schedule of the same kind needs single values.
            "CyclicLR" => new CyclicLR(oneGroup, 0.01, 0.1, stepSizeUp: 6),
            "OneCycleLR" => new OneCycleLR(oneGroup, 0.1, totalSteps: 60),
            "ReduceLROnPlateau" => new ReduceLROnPlateau(oneGroup),
            "SWALR" => new SWALR(oneGroup, 0.01),
            _ => ScheduleCases.Build(name, oneGroup),
        };
        string before = schedule.SaveState().ToJsonString();

        var load = () => schedule.LoadState(twoGroups);
        load.Should().Throw<InvalidDataException>().WithMessage($"{name} state is for 2 parameter groups; this optimizer has 1.");
        schedule.SaveState().ToJsonString().Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(ScheduleCases.All), MemberType = typeof(ScheduleCases))]
    public void A_missing_field_is_named_and_nothing_changes(string name)
    {
        var schedule = ScheduleCases.Build(name, ScheduleCases.Optimizer());
        ScheduleCases.Step(schedule);
        string before = schedule.SaveState().ToJsonString();
        var state = schedule.SaveState();

        // The last field is a setting read after the counters, so a partial load would show up as a changed state.
        string last = state.Last().Key;
        state.Remove(last);
        state["last_epoch"] = 40;
        var load = () => schedule.LoadState(state);
        load.Should().Throw<InvalidDataException>().WithMessage($"{name} state field \"{last}\" is missing.");
        schedule.SaveState().ToJsonString().Should().Be(before);
    }

    [Fact]
    public void Invalid_settings_in_a_state_are_refused_with_the_constructors_message()
    {
        var schedule = new StepLR(Adam(0.1), 5);
        var state = schedule.SaveState();
        state["step_size"] = 0;
        var load = () => schedule.LoadState(state);
        load.Should().Throw<InvalidDataException>().WithMessage("StepLR state holds invalid settings: Expected positive integer step_size, but got 0");
        schedule.StepSize.Should().Be(5);
    }

    [Fact]
    public void Something_else_is_refused_as_not_a_schedule_state()
    {
        var schedule = new ExponentialLR(Adam(0.1), 0.9);
        var load = () => schedule.LoadState(Adam(0.1).SaveState());
        load.Should().Throw<InvalidDataException>()
            .WithMessage("Not a schedule state: \"format\" is \"OptimizerLab.OptimizerState\", expected \"OptimizerLab.ScheduleState\".");
        var array = () => schedule.LoadState(new JsonArray());
        array.Should().Throw<InvalidDataException>().WithMessage("Schedule state must be a JSON object.");
    }

    [Fact]
    public void Infinite_best_of_a_fresh_plateau_schedule_round_trips()
    {
        var schedule = new ReduceLROnPlateau(Adam(0.1), mode: PlateauMode.Max);
        var fresh = new ReduceLROnPlateau(Adam(0.1));
        fresh.LoadState(Reparse(schedule.SaveState()));
        (fresh.Best, fresh.Mode).Should().Be((double.NegativeInfinity, PlateauMode.Max));
    }
}
