using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>StepLR against torch's closed form base·gamma^⌊t/step_size⌋ and torch's docstring example.</summary>
public class StepLRTests
{
    [Fact]
    public void Follows_the_closed_form_for_200_epochs_exactly_until_the_second_decay()
    {
        var schedule = new StepLR(Adam(0.05, 0.2), stepSize: 7, gamma: 0.3);
        var lrs = Run(schedule, 200);
        for (int t = 0; t <= 200; t++)
        {
            int decays = t / 7;
            for (int g = 0; g < 2; g++)
            {
                double baseLr = g == 0 ? 0.05 : 0.2;
                double closed = baseLr * Math.Pow(0.3, decays);
                if (decays <= 1)
                {
                    // One multiplication by gamma either way (pow(g, 1) = g, pow(g, 0) = 1): the same arithmetic.
                    lrs[t][g].Should().Be(closed, $"epoch {t}, group {g}");
                }
                else
                {
                    // The recursive form rounds once per decay (≤ u each), pow and the product at most 1 ulp + u.
                    RelativeError(lrs[t][g], closed).Should().BeLessThanOrEqualTo((decays + 3) * U, $"epoch {t}, group {g}");
                }
            }
        }
    }

    [Fact]
    public void A_power_of_two_gamma_is_exact_for_200_epochs()
    {
        var lrs = Run(new StepLR(Adam(0.05), stepSize: 3, gamma: 0.5), 200);
        for (int t = 0; t <= 200; t++) lrs[t][0].Should().Be(0.05 * Math.Pow(0.5, t / 3), $"halving is exact (epoch {t})");
    }

    [Fact]
    public void Torchs_docstring_example()
    {
        // torch: lr = 0.05 if epoch < 30; 0.005 if 30 <= epoch < 60; 0.0005 if 60 <= epoch < 90; ...
        var lrs = Run(new StepLR(Adam(0.05), stepSize: 30, gamma: 0.1), 99);
        for (int t = 0; t < 100; t++)
        {
            double expected = t < 30 ? 0.05 : t < 60 ? 0.005 : t < 90 ? 0.0005 : 0.00005;

            // 0.05·0.1 is 0.005000000000000001 in binary floating point, as in Python; a few roundings at most.
            RelativeError(lrs[t][0], expected).Should().BeLessThan(1e-15, $"epoch {t}");
        }
    }

    [Fact]
    public void The_scheduled_rate_is_the_one_the_optimizer_steps_with()
    {
        var p = new Parameter<double>([1.0], "w");
        var adam = new Adam<double>([p], new AdamOptions { Lr = 0.1 });
        var schedule = new StepLR(adam, stepSize: 1, gamma: 0.01);
        schedule.Step();
        p.Grad[0] = 3.0;
        adam.Step();

        // Adam's first step moves by lr·g/(|g| + eps) ≈ lr: 1e-3 here, not the 0.1 the optimizer was built with.
        (1.0 - p.Value[0]).Should().BeApproximately(1e-3, 1e-9);
    }

    [Fact]
    public void Records_initial_lr_once_like_torchs_setdefault()
    {
        var adam = Adam(0.05);
        _ = new StepLR(adam, stepSize: 2);
        adam.GroupOptions[0].InitialLr.Should().Be(0.05);
        adam.GroupOptions[0].Lr = 0.9;
        var second = new StepLR(adam, stepSize: 2);
        second.BaseLrs.Should().Equal([0.05], "a second schedule starts from the first one's initial_lr, as in torch");
    }
}
