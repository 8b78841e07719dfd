using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;
using static OptimizerLab.Properties.Core.Schedules.TorchSequences;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>LambdaLR and MultiplicativeLR: torch's written-out sequences, per-group functions, and states without the functions.</summary>
public class LambdaLRTests
{
    [Fact]
    public void LambdaLR_follows_torchs_test_lambda_lr()
    {
        var schedule = new LambdaLR(Adam(0.05, 0.4), [x => Math.Pow(0.9, x), x => Math.Pow(0.8, x)]);
        Check(schedule, Range(10, x => 0.05 * Math.Pow(0.9, x)), Range(10, x => 0.4 * Math.Pow(0.8, x)));
    }

    [Fact]
    public void LambdaLR_is_the_base_rate_times_the_function_bit_for_bit()
    {
        // lr_t = base_lr · lr_lambda(t) is the closed form itself: no rounding accumulates.
        var lrs = Run(new LambdaLR(Adam(0.05), epoch => 1.0 / (1 + epoch)), 50);
        for (int t = 0; t <= 50; t++) lrs[t][0].Should().Be(0.05 * (1.0 / (1 + t)));
    }

    [Fact]
    public void MultiplicativeLR_follows_torchs_test_multiplicative_lr()
    {
        var schedule = new MultiplicativeLR(Adam(0.05, 0.4), [_ => 0.9, _ => 0.8]);
        Check(schedule, Range(10, x => 0.05 * Math.Pow(0.9, x)), Range(10, x => 0.4 * Math.Pow(0.8, x)));
    }

    [Fact]
    public void MultiplicativeLR_asks_its_function_from_epoch_one_on()
    {
        var asked = new List<int>();
        var schedule = new MultiplicativeLR(Adam(0.1), epoch => { asked.Add(epoch); return 0.5; });
        for (int i = 0; i < 3; i++) schedule.Step();
        asked.Should().Equal(1, 2, 3);
        schedule.LastLr[0].Should().Be(0.0125);
    }

    [Fact]
    public void A_function_list_of_the_wrong_length_is_refused_with_torchs_message()
    {
        var adam = Adam(0.1, 0.2);
        var act = () => new LambdaLR(adam, [_ => 1.0]);
        act.Should().Throw<ArgumentException>().WithMessage("Expected 2 lr_lambdas, but got 1*");
        var multiplicative = () => new MultiplicativeLR(adam, [_ => 1.0, _ => 1.0, _ => 1.0]);
        multiplicative.Should().Throw<ArgumentException>().WithMessage("Expected 2 lr_lambdas, but got 3*");
        adam.GroupOptions.Select(o => o.Lr).Should().Equal(0.1, 0.2);
    }

    [Fact]
    public void The_state_holds_no_function_and_a_schedule_built_with_the_same_one_resumes()
    {
        var first = Adam(0.1);
        var schedule = new MultiplicativeLR(first, epoch => epoch % 2 == 0 ? 0.5 : 1.5);
        for (int i = 0; i < 5; i++) schedule.Step();
        var state = schedule.SaveState();
        state.Select(p => p.Key).Should().Equal("format", "version", "schedule", "groups", "last_epoch", "base_lrs", "last_lr");

        var second = Adam(0.1);
        var resumed = new MultiplicativeLR(second, epoch => epoch % 2 == 0 ? 0.5 : 1.5);
        second.LoadState(Reparse(first.SaveState()));
        resumed.LoadState(Reparse(state));
        schedule.Step();
        resumed.Step();
        resumed.LastLr.Should().Equal(schedule.LastLr);
        resumed.LastEpoch.Should().Be(6);
    }
}
