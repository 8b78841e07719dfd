using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>CyclicLR against the closed forms of Smith's paper, torch's docstring example, and its momentum cycling.</summary>
public class CyclicLRTests
{
    /// <summary>The triangle written from the cycle position: rises over <paramref name="up"/> batches, falls over <paramref name="down"/>.</summary>
    private static double Triangle(int t, int up, int down)
    {
        int position = t % (up + down);
        return position <= up ? (double)position / up : (double)(up + down - position) / down;
    }

    private static double Scale(CyclicLRMode mode, int t, int up, int down, double gamma) => mode switch
    {
        CyclicLRMode.Triangular => 1.0,
        CyclicLRMode.Triangular2 => Math.Pow(0.5, t / (up + down)),
        _ => Math.Pow(gamma, t),
    };

    [Theory]
    [InlineData(CyclicLRMode.Triangular, 10, 10, 1.0)]
    [InlineData(CyclicLRMode.Triangular, 7, 13, 1.0)]
    [InlineData(CyclicLRMode.Triangular2, 10, 10, 1.0)]
    [InlineData(CyclicLRMode.Triangular2, 6, 4, 1.0)]
    [InlineData(CyclicLRMode.ExpRange, 10, 10, 0.99)]
    [InlineData(CyclicLRMode.ExpRange, 8, 0, 0.995)]
    public void Learning_rate_and_beta1_follow_the_closed_form_for_200_batches(CyclicLRMode mode, int up, int down, double gamma)
    {
        var adam = Adam(0.5, 0.5);
        var schedule = new CyclicLR(adam, baseLr: new[] { 0.01, 0.001 }, maxLr: new[] { 0.1, 0.004 }, stepSizeUp: up,
            stepSizeDown: down, mode: mode, gamma: gamma);
        for (int t = 0; t <= 200; t++)
        {
            if (t > 0) schedule.Step();
            double height = Triangle(t, up, down) * Scale(mode, t, up, down, gamma);
            double[] expectedLr = [0.01 + (0.1 - 0.01) * height, 0.001 + (0.004 - 0.001) * height];
            double expectedBeta1 = 0.9 - (0.9 - 0.8) * height;
            for (int g = 0; g < 2; g++)
            {
                var options = (AdamOptions)adam.GroupOptions[g];

                // torch computes the cycle position through t/total in floating point, the closed form through integers:
                // a few roundings apart (≤ 8u of the amplitude; gamma^t by squaring vs pow: ≤ log2(200) more).
                Math.Abs(options.Lr - expectedLr[g]).Should().BeLessThanOrEqualTo(20 * U * 0.1, $"lr, batch {t}, group {g}");
                Math.Abs(options.Beta1 - expectedBeta1).Should().BeLessThanOrEqualTo(20 * U, $"beta1, batch {t}, group {g}");
                schedule.LastLr[g].Should().Be(options.Lr);
            }
        }
    }

    [Fact]
    public void Torchs_docstring_example_and_its_exact_points()
    {
        // torch: CyclicLR(optimizer, base_lr=0.01, max_lr=0.1, step_size_up=10) on SGD(lr=0.1, momentum=0.9).
        var adam = Adam(0.1);
        var schedule = new CyclicLR(adam, baseLr: 0.01, maxLr: 0.1, stepSizeUp: 10);
        var lrs = Run(schedule, 40);

        // Batch 0 and the start of every cycle: the factor is exactly 0, so the rate is base_lr exactly.
        lrs[0][0].Should().Be(0.01);
        lrs[20][0].Should().Be(0.01);
        lrs[40][0].Should().Be(0.01);

        // At a peak the factor is exactly 1 (0.5/0.5): base + (max - base), the paper's closed form with the same arithmetic.
        lrs[10][0].Should().Be(0.01 + (0.1 - 0.01));
        lrs[30][0].Should().Be(0.01 + (0.1 - 0.01));

        // Half way up: 0.01 + 0.09·0.5, a few roundings from the decimal 0.055.
        lrs[5][0].Should().BeApproximately(0.055, 1e-16);
    }

    [Fact]
    public void Construction_sets_base_lr_and_max_momentum_like_torch()
    {
        var adam = Adam(0.7);
        _ = new CyclicLR(adam, baseLr: 0.02, maxLr: 0.2, stepSizeUp: 4, baseMomentum: 0.85, maxMomentum: 0.95);
        var options = (AdamOptions)adam.GroupOptions[0];
        (options.Lr, options.Beta1, options.InitialLr).Should().Be((0.02, 0.95, 0.02));
    }

    [Fact]
    public void Cycling_momentum_changes_the_adam_step()
    {
        // Two identical Adam runs, one with beta1 cycled: from the second step on, the momentum average differs.
        double Run(bool cycleMomentum)
        {
            var p = new Parameter<double>([1.0], "w");
            var adam = new Adam<double>([p], new AdamOptions { Lr = 0.01 });
            var schedule = new CyclicLR(adam, baseLr: 0.01, maxLr: 0.01, stepSizeUp: 2, cycleMomentum: cycleMomentum, baseMomentum: 0.5, maxMomentum: 0.9);
            for (int i = 0; i < 3; i++)
            {
                p.Grad[0] = i == 1 ? -1.0 : 2.0;
                adam.Step();
                schedule.Step();
            }

            return adam.StateOf(p)!.ExpAvg[0];
        }

        Run(cycleMomentum: true).Should().NotBe(Run(cycleMomentum: false));
    }

    [Fact]
    public void Cycle_momentum_on_an_optimizer_without_momentum_fails_with_torchs_message_and_changes_nothing()
    {
        var optimizer = new LrOnlyOptimizer(0.3);
        var build = () => new CyclicLR(optimizer, baseLr: 0.01, maxLr: 0.1, stepSizeUp: 5);
        build.Should().Throw<ArgumentException>()
            .Which.Message.Should().StartWith("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
        optimizer.GroupOptions[0].Lr.Should().Be(0.3);
        optimizer.GroupOptions[0].InitialLr.Should().BeNull();

        var withoutMomentum = new CyclicLR(optimizer, baseLr: 0.01, maxLr: 0.1, stepSizeUp: 5, cycleMomentum: false);
        withoutMomentum.Step();

        // torch's x = 1 + t/total - cycle cancels to an absolute error of ~2u, times amplitude/step_ratio = 0.18.
        optimizer.GroupOptions[0].Lr.Should().BeApproximately(0.01 + 0.09 / 5, 1e-16);
    }

    [Fact]
    public void Triangular2_halves_the_amplitude_each_cycle_exactly()
    {
        var lrs = Run(new CyclicLR(Adam(1.0), baseLr: 0.0, maxLr: 1.0, stepSizeUp: 4, mode: CyclicLRMode.Triangular2, cycleMomentum: false), 24);

        // base 0 and max 1: the peaks are the scale factors 1, 1/2, 1/4, all exact.
        (lrs[4][0], lrs[12][0], lrs[20][0]).Should().Be((1.0, 0.5, 0.25));
    }

    [Fact]
    public void After_an_earlier_schedule_batch_0_keeps_its_initial_lr_and_later_batches_cycle_from_base_lr()
    {
        // torch's CyclicLR sets lr = base_lr, lets LRScheduler.__init__ take base_lrs from initial_lr (set by the earlier
        // schedule, so kept) for the initial step, and only then sets base_lrs = base_lr. With base 0.25, max 0.75 and
        // step_size_up 2 (all exact in binary): batch 0 = initial_lr; batch 1 = 0.25 + 0.5·1/2; batch 4 = base_lr.
        var adam = Adam(0.125);
        _ = new StepLR(adam, 100);
        var schedule = new CyclicLR(adam, baseLr: 0.25, maxLr: 0.75, stepSizeUp: 2, cycleMomentum: false);
        (adam.GroupOptions[0].InitialLr, schedule.BaseLrs[0]).Should().Be((0.125, 0.25));
        Run(schedule, 4).Select(row => row[0]).Should().Equal(0.125, 0.5, 0.75, 0.5, 0.25);
    }
}
