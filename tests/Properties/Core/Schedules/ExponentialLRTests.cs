using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>ExponentialLR against torch's closed form base·gamma^t.</summary>
public class ExponentialLRTests
{
    [Fact]
    public void Follows_the_closed_form_for_200_epochs()
    {
        var lrs = Run(new ExponentialLR(Adam(0.1, 3.0), gamma: 0.97), 200);
        for (int t = 0; t <= 200; t++)
        {
            for (int g = 0; g < 2; g++)
            {
                double closed = (g == 0 ? 0.1 : 3.0) * Math.Pow(0.97, t);
                if (t <= 1) lrs[t][g].Should().Be(closed, $"epoch {t}: no multiplication or one, either way");

                // t multiplications each round by ≤ u; pow errs by ≤ 1 ulp and the product by u.
                else RelativeError(lrs[t][g], closed).Should().BeLessThanOrEqualTo((t + 3) * U, $"epoch {t}");
            }
        }
    }

    [Fact]
    public void A_power_of_two_gamma_is_exact_for_200_epochs()
    {
        var lrs = Run(new ExponentialLR(Adam(0.05), gamma: 0.5), 200);
        for (int t = 0; t <= 200; t++) lrs[t][0].Should().Be(0.05 * Math.Pow(0.5, t), $"halving is exact (epoch {t})");
    }
}
