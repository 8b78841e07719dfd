using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>OneCycleLR against the closed form of the 1cycle policy, phase by phase, with beta1 moving the other way.</summary>
public class OneCycleLRTests
{
    private const double MaxLr = 0.1;
    private const double Initial = MaxLr / 25.0;
    private const double Min = Initial / 1e4;

    /// <summary>From <paramref name="from"/> to <paramref name="to"/> as <paramref name="fraction"/> goes 0 → 1: half a cosine or a line.</summary>
    private static double Move(double from, double to, double fraction, AnnealStrategy strategy) => strategy == AnnealStrategy.Cos
        ? from + (to - from) * (1 - Math.Cos(Math.PI * fraction)) / 2
        : from + (to - from) * fraction;

    /// <summary>The 1cycle rate and momentum at batch t, written from the policy's definition.</summary>
    private static (double Lr, double Momentum) Closed(int t, int total, double pctStart, bool threePhase, AnnealStrategy strategy)
    {
        double peak = pctStart * total - 1;
        if (t <= peak) return (Move(Initial, MaxLr, t / peak, strategy), Move(0.95, 0.85, t / peak, strategy));
        if (!threePhase)
        {
            double f = (t - peak) / (total - 1 - peak);
            return (Move(MaxLr, Min, f, strategy), Move(0.85, 0.95, f, strategy));
        }

        double back = 2 * pctStart * total - 2;
        if (t <= back)
        {
            double f = (t - peak) / (back - peak);
            return (Move(MaxLr, Initial, f, strategy), Move(0.85, 0.95, f, strategy));
        }

        return (Move(Initial, Min, (t - back) / (total - 1 - back), strategy), 0.95);
    }

    [Theory]
    [InlineData(false, AnnealStrategy.Cos, 0.3)]
    [InlineData(false, AnnealStrategy.Linear, 0.3)]
    [InlineData(true, AnnealStrategy.Cos, 0.3)]
    [InlineData(true, AnnealStrategy.Linear, 0.25)]
    [InlineData(false, AnnealStrategy.Cos, 0.0)]
    public void Learning_rate_and_beta1_follow_the_closed_form_for_200_batches(bool threePhase, AnnealStrategy strategy, double pctStart)
    {
        const int total = 200;
        var adam = Adam(0.5);
        var schedule = new OneCycleLR(adam, MaxLr, totalSteps: total, pctStart: pctStart, annealStrategy: strategy, threePhase: threePhase);
        for (int t = 0; t < total; t++)
        {
            if (t > 0) schedule.Step();
            var (lr, momentum) = Closed(t, total, pctStart, threePhase, strategy);
            var options = (AdamOptions)adam.GroupOptions[0];

            // torch anneals as end + (start - end)/2·(cos + 1), the closed form as start + (end - start)(1 - cos)/2:
            // both a few roundings of the larger end point (and the same cos argument up to one rounding).
            Math.Abs(options.Lr - lr).Should().BeLessThanOrEqualTo(8 * U * MaxLr, $"lr, batch {t}");
            Math.Abs(options.Beta1 - momentum).Should().BeLessThanOrEqualTo(8 * U, $"beta1, batch {t}");
        }
    }

    [Fact]
    public void Peak_and_end_are_exact()
    {
        var adam = Adam(0.5);
        var lrs = Run(new OneCycleLR(adam, MaxLr, totalSteps: 100, pctStart: 0.3), 99);

        // Where a phase ends, pct = 1 and cos(π) + 1 = 0 exactly: the phase's end value, untouched by rounding.
        lrs[29][0].Should().Be(MaxLr);
        lrs[99][0].Should().Be(Min);
        ((AdamOptions)adam.GroupOptions[0]).Beta1.Should().Be(0.95);
        adam.GroupOptions[0].InitialLr.Should().Be(Initial, "torch sets initial_lr = max_lr / div_factor");
    }

    [Fact]
    public void Epochs_times_steps_per_epoch_is_total_steps()
    {
        var byTotal = Run(new OneCycleLR(Adam(0.5), MaxLr, totalSteps: 100), 100);
        var byEpochs = Run(new OneCycleLR(Adam(0.5), MaxLr, epochs: 4, stepsPerEpoch: 25), 100);
        byEpochs.Should().BeEquivalentTo(byTotal, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Stepping_past_total_steps_fails_with_torchs_message_and_changes_nothing()
    {
        var adam = Adam(0.5);
        var schedule = new OneCycleLR(adam, MaxLr, totalSteps: 10);
        for (int i = 0; i < 10; i++) schedule.Step();   // torch allows step_num == total_steps
        var before = (schedule.LastEpoch, adam.GroupOptions[0].Lr, ((AdamOptions)adam.GroupOptions[0]).Beta1, schedule.SaveState().ToJsonString());

        var step = () => schedule.Step();
        step.Should().Throw<InvalidOperationException>().WithMessage("Tried to step 11 times. The specified number of total steps is 10");
        (schedule.LastEpoch, adam.GroupOptions[0].Lr, ((AdamOptions)adam.GroupOptions[0]).Beta1, schedule.SaveState().ToJsonString())
            .Should().Be(before);
    }

    [Fact]
    public void A_first_phase_of_zero_length_is_refused_where_torch_divides_by_zero()
    {
        var adam = Adam(0.5);
        var build = () => new OneCycleLR(adam, MaxLr, totalSteps: 10, pctStart: 0.1);
        var refused = build.Should().Throw<ArgumentOutOfRangeException>().Which;
        refused.Message.Should().StartWith("Phase 1 of OneCycleLR's 2 ends at step 0.0, where it starts, so step 0 would divide by zero " +
            "(torch: ZeroDivisionError). Choose pct_start and total_steps so that every phase spans at least one step.");
        refused.ParamName.Should().Be("pct_start", "pct_start·total_steps - 1 = 0 is where the first phase ends");
        adam.GroupOptions[0].Lr.Should().Be(0.5);
        adam.GroupOptions[0].InitialLr.Should().BeNull("a refused schedule changes nothing");
    }

    [Fact]
    public void A_last_phase_of_zero_length_fails_only_when_reached()
    {
        var schedule = new OneCycleLR(Adam(0.5), MaxLr, totalSteps: 10, pctStart: 1.0, cycleMomentum: false);
        for (int i = 0; i < 9; i++) schedule.Step();
        schedule.LastLr[0].Should().Be(MaxLr, "with pct_start = 1 the whole cycle rises");
        var step = () => schedule.Step();
        step.Should().Throw<InvalidOperationException>().WithMessage("Phase 2 of OneCycleLR's 2 ends at step 9.0, where it starts*");
        schedule.LastEpoch.Should().Be(9);
    }

    [Fact]
    public void Given_momentums_are_the_ends_of_the_momentum_cycle()
    {
        // max_momentum at batch 0 and at the end, base_momentum at the peak. 0.75 and 0.5 keep the cosine anneal exact
        // where pct is 0 (0.5 + 0.125·2) or 1 (cos(π) + 1 = 0).
        var adam = Adam(0.5);
        var schedule = new OneCycleLR(adam, MaxLr, totalSteps: 100, pctStart: 0.3, baseMomentum: 0.5, maxMomentum: 0.75);
        double Beta1() => ((AdamOptions)adam.GroupOptions[0]).Beta1;
        var beta1 = new double[100];
        beta1[0] = Beta1();
        for (int t = 1; t < 100; t++)
        {
            schedule.Step();
            beta1[t] = Beta1();
        }

        (beta1[0], beta1[29], beta1[99]).Should().Be((0.75, 0.5, 0.75));
    }
}
