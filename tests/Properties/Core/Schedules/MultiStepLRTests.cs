using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>MultiStepLR against torch's closed form base·gamma^(milestones ≤ t) and torch's docstring example.</summary>
public class MultiStepLRTests
{
    [Fact]
    public void Follows_the_closed_form_for_200_epochs_with_a_repeated_milestone()
    {
        int[] milestones = [120, 5, 20, 50, 20];
        var lrs = Run(new MultiStepLR(Adam(0.1), milestones, gamma: 0.7), 200);
        for (int t = 0; t <= 200; t++)
        {
            int passed = milestones.Count(m => m <= t);
            double closed = 0.1 * Math.Pow(0.7, passed);
            if (passed <= 1)
            {
                // Before and at the first milestone both are one multiplication by gamma or none.
                lrs[t][0].Should().Be(closed, $"epoch {t}");
            }
            else
            {
                // One rounding per milestone event (gamma² at 20 by squaring: 2 roundings), pow at most 1 ulp.
                RelativeError(lrs[t][0], closed).Should().BeLessThanOrEqualTo((passed + 4) * U, $"epoch {t}");
            }
        }
    }

    [Fact]
    public void Milestone_order_does_not_matter_as_with_torchs_counter()
    {
        var sorted = Run(new MultiStepLR(Adam(0.1), [3, 8, 8, 15], 0.5), 30);
        var shuffled = Run(new MultiStepLR(Adam(0.1), [8, 15, 3, 8], 0.5), 30);
        shuffled.Should().BeEquivalentTo(sorted, o => o.WithStrictOrdering());
        sorted[8][0].Should().Be(0.1 * 0.5 * 0.25, "milestone 8 is listed twice: gamma² at epoch 8");
    }

    [Fact]
    public void Torchs_docstring_example()
    {
        // torch: lr = 0.05 if epoch < 30; 0.005 if 30 <= epoch < 80; 0.0005 if epoch >= 80.
        var lrs = Run(new MultiStepLR(Adam(0.05), [30, 80], gamma: 0.1), 99);
        for (int t = 0; t < 100; t++)
        {
            double expected = t < 30 ? 0.05 : t < 80 ? 0.005 : 0.0005;

            // Two roundings at most away from the decimal values.
            RelativeError(lrs[t][0], expected).Should().BeLessThan(1e-15, $"epoch {t}");
        }
    }
}
