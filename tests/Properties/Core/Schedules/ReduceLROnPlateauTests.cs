using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>ReduceLROnPlateau's bookkeeping, epoch by epoch, as torch's <c>step</c> defines it.</summary>
public class ReduceLROnPlateauTests
{
    private static double[] Lrs(ReduceLROnPlateau schedule, params double[] metrics) =>
        metrics.Select(m =>
        {
            schedule.Step(m);
            return Snapshot(schedule)[0];
        }).ToArray();

    [Fact]
    public void Construction_changes_nothing()
    {
        var adam = Adam(0.1);
        var schedule = new ReduceLROnPlateau(adam);
        (adam.GroupOptions[0].Lr, adam.GroupOptions[0].InitialLr, schedule.LastLr[0], schedule.Best).Should().Be((0.1, null, 0.1, double.PositiveInfinity));
    }

    [Fact]
    public void Patience_zero_follows_torchs_docstring()
    {
        // torch: the first epoch sets the baseline; an epoch worse than it is intolerable and, with patience 0, the rate is
        // reduced at its end; this continues every epoch that is worse than the baseline; an improvement leaves the rate.
        var schedule = new ReduceLROnPlateau(Adam(1.0), patience: 0, factor: 0.5);
        Lrs(schedule, 10.0, 11.0, 12.0, 9.0, 8.0).Should().Equal(1.0, 0.5, 0.25, 0.25, 0.25);
    }

    [Fact]
    public void An_equal_metric_is_not_an_improvement()
    {
        // The docstring says an unchanged metric leaves the rate, but torch's code needs metric < best·(1 - threshold):
        // equal is a bad epoch. The code is the specification.
        var schedule = new ReduceLROnPlateau(Adam(1.0), patience: 0, factor: 0.5);
        Lrs(schedule, 10.0, 10.0).Should().Equal(1.0, 0.5);
    }

    [Fact]
    public void Default_patience_reduces_after_eleven_bad_epochs()
    {
        var schedule = new ReduceLROnPlateau(Adam(1.0));
        var lrs = Lrs(schedule, [1.0, .. Enumerable.Repeat(2.0, 11)]);
        lrs[..11].Should().AllBeEquivalentTo(1.0, "ten bad epochs are within patience");
        lrs[11].Should().Be(0.1);
        schedule.NumBadEpochs.Should().Be(0);
    }

    [Fact]
    public void Relative_threshold_needs_a_real_improvement()
    {
        // best 1.0, threshold 1e-4 (rel): 0.99995 is not below 0.9999, 0.9998 is.
        var schedule = new ReduceLROnPlateau(Adam(1.0), patience: 5);
        Lrs(schedule, 1.0, 0.99995);
        schedule.NumBadEpochs.Should().Be(1);
        Lrs(schedule, 0.9998);
        (schedule.NumBadEpochs, schedule.Best).Should().Be((0, 0.9998));
    }

    [Fact]
    public void Max_mode_with_an_absolute_threshold()
    {
        var schedule = new ReduceLROnPlateau(Adam(1.0), mode: PlateauMode.Max, threshold: 0.5, thresholdMode: ThresholdMode.Abs, patience: 1, factor: 0.5);
        schedule.Best.Should().Be(double.NegativeInfinity);

        // 10 sets the best; 10.4 is not above 10.5 (bad 1); 10.6 is (bad 0); 10.7, 10.8 are bad: reduced at the second.
        Lrs(schedule, 10.0, 10.4, 10.6, 10.7, 10.8).Should().Equal(1.0, 1.0, 1.0, 1.0, 0.5);
        schedule.Best.Should().Be(10.6);
    }

    [Fact]
    public void Cooldown_ignores_bad_epochs_after_a_reduction()
    {
        var schedule = new ReduceLROnPlateau(Adam(1.0), patience: 0, cooldown: 2, factor: 0.5);

        // Reduced at epoch 2; epochs 3 and 4 are cooldown; epoch 5 is bad again and reduces.
        Lrs(schedule, 1.0, 2.0, 2.0, 2.0, 2.0).Should().Equal(1.0, 0.5, 0.5, 0.5, 0.25);
        schedule.InCooldown.Should().BeTrue();
    }

    [Fact]
    public void Min_lr_bounds_each_group_and_eps_ignores_tiny_reductions()
    {
        var adam = Adam(1.0, 1e-7);
        var schedule = new ReduceLROnPlateau(adam, patience: 0, factor: 0.1, minLr: new[] { 0.05, 0.0 });
        schedule.Step(1.0);
        schedule.Step(2.0);

        // Group 0: max(0.1, 0.05); group 1: 1e-7 - 1e-8 = 9e-8 is above eps = 1e-8, so it is reduced to 1e-8.
        Snapshot(schedule).Should().Equal(0.1, 1e-7 * 0.1);
        schedule.Step(2.0);
        schedule.Step(2.0);

        // Group 0 sits at min_lr; group 1's next reduction (1e-8 → 1e-9) is below eps and is ignored.
        Snapshot(schedule).Should().Equal(0.05, 1e-7 * 0.1);
    }

    [Fact]
    public void A_nan_metric_is_a_bad_epoch()
    {
        var schedule = new ReduceLROnPlateau(Adam(1.0), patience: 0, factor: 0.5);
        Lrs(schedule, 1.0, double.NaN).Should().Equal(1.0, 0.5);
        schedule.Best.Should().Be(1.0);
    }

    /// <summary>(best, num_bad_epochs) after each metric.</summary>
    private static (double Best, int Bad)[] Bookkeeping(ReduceLROnPlateau schedule, params double[] metrics) =>
        metrics.Select(m =>
        {
            schedule.Step(m);
            return (schedule.Best, schedule.NumBadEpochs);
        }).ToArray();

    [Fact]
    public void Min_mode_with_a_relative_threshold_needs_more_than_the_threshold()
    {
        // torch: a < best·(1 - threshold). Best 10, threshold 0.5: 5 (= 10·0.5 exactly) is not better; 4 is.
        var schedule = new ReduceLROnPlateau(Adam(1.0), threshold: 0.5, patience: 5);
        Bookkeeping(schedule, 10.0, 5.0, 4.0).Should().Equal((10.0, 0), (10.0, 1), (4.0, 0));
    }

    [Fact]
    public void Min_mode_with_an_absolute_threshold()
    {
        // torch: a < best - threshold. Best 10, threshold 0.5: 9.5 (= 10 - 0.5 exactly) is not better, nor 9.6; 9.4 is.
        var schedule = new ReduceLROnPlateau(Adam(1.0), threshold: 0.5, thresholdMode: ThresholdMode.Abs, patience: 5);
        Bookkeeping(schedule, 10.0, 9.5, 9.6, 9.4).Should().Equal((10.0, 0), (10.0, 1), (10.0, 2), (9.4, 0));
    }

    [Fact]
    public void Max_mode_with_a_relative_threshold()
    {
        // torch: a > best·(threshold + 1). Best 10, threshold 0.5: 15 (= 10·1.5 exactly) is not better, nor 14; 16 is.
        var schedule = new ReduceLROnPlateau(Adam(1.0), mode: PlateauMode.Max, threshold: 0.5, thresholdMode: ThresholdMode.Rel, patience: 5);
        Bookkeeping(schedule, 10.0, 15.0, 14.0, 16.0).Should().Equal((10.0, 0), (10.0, 1), (10.0, 2), (16.0, 0));
    }

    [Fact]
    public void Max_mode_with_an_absolute_threshold_needs_more_than_the_threshold()
    {
        // torch: a > best + threshold. Best 10, threshold 0.5: 10.5 (exact) is not better.
        var schedule = new ReduceLROnPlateau(Adam(1.0), mode: PlateauMode.Max, threshold: 0.5, thresholdMode: ThresholdMode.Abs, patience: 5);
        Bookkeeping(schedule, 10.0, 10.5).Should().Equal((10.0, 0), (10.0, 1));
    }

    [Fact]
    public void Last_epoch_counts_the_steps_from_zero()
    {
        // torch sets last_epoch = 0 at construction and last_epoch + 1 at each step.
        var schedule = new ReduceLROnPlateau(Adam(1.0));
        schedule.LastEpoch.Should().Be(0);
        Lrs(schedule, 3.0, 2.0, 1.0);
        schedule.LastEpoch.Should().Be(3);
    }

    [Fact]
    public void A_reduction_of_exactly_eps_is_ignored()
    {
        // torch applies new_lr only if old_lr - new_lr > eps: 1 - 0.5 = 0.5 is not more than eps = 0.5; with eps = 0.25 it is.
        Lrs(new ReduceLROnPlateau(Adam(1.0), patience: 0, factor: 0.5, eps: 0.5), 1.0, 2.0).Should().Equal(1.0, 1.0);
        Lrs(new ReduceLROnPlateau(Adam(1.0), patience: 0, factor: 0.5, eps: 0.25), 1.0, 2.0).Should().Equal(1.0, 0.5);
    }

    [Fact]
    public void The_reduced_rate_keeps_pythons_max_on_ties()
    {
        // torch: new_lr = max(old_lr·factor, min_lr). Python's max returns its first argument unless the second is greater,
        // so with factor -0.0 (allowed: torch only checks factor < 1) max(-0.0, 0.0) is -0.0, and 1 - (-0.0) > eps applies it.
        var schedule = new ReduceLROnPlateau(Adam(1.0), patience: 0, factor: -0.0);
        double lr = Lrs(schedule, 1.0, 2.0)[1];
        (lr, double.IsNegative(lr)).Should().Be((0.0, true));
    }
}
