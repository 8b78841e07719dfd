using OptimizerLab.Averaging;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;
using static OptimizerLab.Properties.Core.Schedules.TorchSequences;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>SequentialLR and ChainedScheduler against torch's written-out sequences, and their checks.</summary>
public class CompositeScheduleTests
{
    [Fact]
    public void SequentialLR_follows_torchs_test_sequentiallr1()
    {
        var adam = Adam(0.05, 0.5);
        var schedule = new SequentialLR(adam, [new ExponentialLR(adam, 0.8), new StepLR(adam, stepSize: 4, gamma: 0.1)], [3]);
        double[] target = [0.05, 0.04, 0.032, .. Repeat(0.05, 4), .. Repeat(0.005, 4), .. Repeat(0.0005, 4), .. Repeat(0.00005, 4)];
        Check(schedule, target);
    }

    [Fact]
    public void SequentialLR_follows_torchs_test_sequentiallr2()
    {
        var adam = Adam(0.05, 0.5);
        var schedule = new SequentialLR(adam, [new ConstantLR(adam, 0.1, 3), new ExponentialLR(adam, 0.9)], [3]);
        Check(schedule, [0.005, 0.005, 0.005, .. Range(10, x => 0.05 * Math.Pow(0.9, x))]);
    }

    [Fact]
    public void SequentialLR_follows_torchs_test_sequentiallr3_and_its_get_last_lr()
    {
        var adam = Adam(0.05, 0.5);
        var schedule = new SequentialLR(adam, [new ConstantLR(adam, 0.1, 3), new ExponentialLR(adam, 0.8), new StepLR(adam, 2, 0.1)], [3, 6]);
        double[] single = [0.005, 0.005, 0.005, 0.05, 0.04, 0.032, 0.05, 0.05, 0.005, 0.005, 0.0005, 0.0005];
        Check(schedule, single, single.Select(x => x * 10).ToArray());
    }

    [Fact]
    public void SequentialLR_leaves_the_initial_rate_of_torchs_test_sequentiallr4()
    {
        var adam = Adam(0.1);
        _ = new SequentialLR(adam, [new ConstantLR(adam, 1.0), new ConstantLR(adam, 0.1)], [10]);
        adam.GroupOptions[0].Lr.Should().Be(0.1);
    }

    [Fact]
    public void SequentialLR_follows_torchs_linear_up_then_down_case()
    {
        // torch's test_sequentiallr_does_not_alias_lr_and_initial_lr: LinearLR 0.1→0.8 over 4, then 0.8→0.1 over 4, lr 2.
        var adam = Adam(2.0);
        var schedule = new SequentialLR(adam, [new LinearLR(adam, 0.1, 0.8, 4), new LinearLR(adam, 0.8, 0.1, 4)], [4]);
        Check(schedule, [0.2, 0.55, 0.9, 1.25, 1.6, 1.25, 0.9, 0.55]);
    }

    [Fact]
    public void ChainedScheduler_follows_torchs_test_chained_lr3_and_lr4()
    {
        var adam = Adam(0.05, 0.5);
        var chained = new ChainedScheduler([new LinearLR(adam, 0.4, 1.0, 3), new MultiStepLR(adam, [4, 8, 10], 0.1)]);
        // torch lists 14 values but checks its 10 epochs; the 11th (0.0005) is what MultiStepLR's milestone 10 changes.
        Check(chained, [0.02, 0.03, 0.04, 0.05, .. Repeat(0.005, 4), .. Repeat(0.0005, 2)]);

        var second = Adam(0.05, 0.5);
        var chained4 = new ChainedScheduler([new ExponentialLR(second, 0.9), new ConstantLR(second, 0.2, 4), new StepLR(second, 3, 0.1)]);
        Check(chained4, [.. Range(3, x => 0.05 * 0.2 * Math.Pow(0.9, x)), 0.05 * 0.2 * Math.Pow(0.9, 3) * 0.1,
            .. Range(2, x => 0.05 * Math.Pow(0.9, x + 4) * 0.1), .. Range(3, x => 0.05 * Math.Pow(0.9, x + 6) * 0.01)]);
        chained4.LastLr.Should().Equal(chained4.Schedules[^1].LastLr);
    }

    [Fact]
    public void ChainedScheduler_follows_torchs_test_chained_lr5()
    {
        static double[] Poly(double lr) => [.. Range(5, x => lr * Math.Pow(1.0 - x / 5.0, 0.9) * 0.1), .. Repeat(0.0, 5)];
        var adam = Adam(0.05, 0.5);
        var chained = new ChainedScheduler([new PolynomialLR(adam, totalIters: 5, power: 0.9), new ConstantLR(adam, factor: 0.1)]);
        Check(chained, Poly(0.05), Poly(0.5));
    }

    [Fact]
    public void Schedules_of_another_optimizer_are_refused_with_torchs_message()
    {
        var adam = Adam(0.1);
        var other = Adam(0.1);
        var sequential = () => new SequentialLR(adam, [new StepLR(adam, 3), new ExponentialLR(other, 0.9)], [5]);
        sequential.Should().Throw<ArgumentException>().WithMessage(
            "SequentialLR expects all schedulers to belong to the same optimizer, but got scheduler ExponentialLR at index 1 has another Adam, which is different from Adam.*");
        var chained = () => new ChainedScheduler([new StepLR(adam, 3), new ExponentialLR(other, 0.9)]);
        chained.Should().Throw<ArgumentException>().WithMessage("ChainedScheduler expects all schedulers to belong to the same optimizer*");
        var none = () => new ChainedScheduler([]);
        none.Should().Throw<ArgumentException>().WithMessage("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.*");
        var noSequence = () => new SequentialLR(adam, [], []);
        noSequence.Should().Throw<ArgumentException>().WithMessage("SequentialLR expects at least one scheduler, but got no scheduler.*");
    }

    [Fact]
    public void SequentialLR_needs_one_milestone_fewer_than_schedules_in_order()
    {
        var adam = Adam(0.1);
        var count = () => new SequentialLR(adam, [new StepLR(adam, 3), new ExponentialLR(adam, 0.9)], [5, 8]);
        count.Should().Throw<ArgumentException>().WithMessage(
            "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, " +
            "but got number of schedulers 2 and the number of milestones to be equal to 2*");
        var order = () => new SequentialLR(adam, [new StepLR(adam, 3), new ExponentialLR(adam, 0.9), new StepLR(adam, 2)], [8, 5]);
        order.Should().Throw<ArgumentException>().WithMessage("Expected non-decreasing milestones, but got [8, 5]*");
    }

    [Fact]
    public void A_refused_child_state_rolls_back_the_children_already_loaded()
    {
        var adam = Adam(0.1);
        var schedule = new SequentialLR(adam, [new ExponentialLR(adam, 0.9), new StepLR(adam, 3)], [4]);
        for (int i = 0; i < 6; i++) schedule.Step();
        string before = schedule.SaveState().ToJsonString();

        var state = schedule.SaveState();
        state["schedulers"]![0]!["gamma"] = 0.5;      // loads into the first child...
        state["schedulers"]![1]!["step_size"] = 0;    // ...and the second refuses it
        var load = () => schedule.LoadState(state);
        load.Should().Throw<InvalidDataException>().WithMessage("StepLR state holds invalid settings: Expected positive integer step_size, but got 0");
        schedule.SaveState().ToJsonString().Should().Be(before);
    }

    [Fact]
    public void SWALR_in_a_sequence_anneals_from_where_the_first_schedule_left()
    {
        // The SWA pattern as one schedule: decay for 5 epochs, then SWALR restarts at epoch 0 (its closed form is its step).
        var adam = Adam(0.05);
        var schedule = new SequentialLR(adam, [new MultiplicativeLR(adam, _ => 0.9), new SWALR(adam, 0.01, annealEpochs: 4, AnnealStrategy.Linear)], [5]);
        var lrs = Run(schedule, 12).Select(row => row[0]).ToArray();
        lrs[..5].Should().Equal(Range(5, x => 0.05 * Math.Pow(0.9, x)), (a, b) => Math.Abs(a - b) <= 1e-17);
        lrs[^1].Should().BeApproximately(0.01, 1e-17, "the anneal ends at swa_lr");
    }
}
