using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>LinearLR's recursive form against torch's closed form base·(start + (end - start)·min(T, t)/T).</summary>
public class LinearLRTests
{
    private static double Closed(double baseLr, double start, double end, int totalIters, int t) =>
        baseLr * (start + (end - start) * Math.Min(totalIters, t) / totalIters);

    [Theory]
    [InlineData(1.0 / 3, 1.0, 5)]      // torch's defaults: a warm-up
    [InlineData(0.05, 1.0, 40)]        // torch's docstring
    [InlineData(1.0, 0.1, 120)]        // a linear decay
    [InlineData(0.5, 0.0, 200)]        // down to zero at the last epoch
    public void Follows_the_closed_form_for_200_epochs(double start, double end, int totalIters)
    {
        var lrs = Run(new LinearLR(Adam(0.05, 1.0), start, end, totalIters), 200);
        for (int t = 0; t <= 200; t++)
        {
            for (int g = 0; g < 2; g++)
            {
                double baseLr = g == 0 ? 0.05 : 1.0;
                double closed = Closed(baseLr, start, end, totalIters, t);

                // Each recursive step rounds 1 + d/D, its quotient and the product (≤ 3u); the closed form ≤ 4u more.
                // Measured against the base rate, since the rate may end at 0.
                Math.Abs(lrs[t][g] - closed).Should().BeLessThanOrEqualTo((3 * Math.Min(t, totalIters) + 5) * U * baseLr, $"epoch {t}, group {g}");
            }
        }
    }

    [Fact]
    public void Epoch_zero_is_exactly_the_closed_form()
    {
        var schedule = new LinearLR(Adam(0.05), startFactor: 0.05, totalIters: 40);
        schedule.LastLr[0].Should().Be(Closed(0.05, 0.05, 1.0, 40, 0), "both are base·start_factor");
    }

    [Fact]
    public void Torchs_docstring_example_one_epoch_later_than_its_labels()
    {
        // torch's docstring lists 0.003687, 0.004875, 0.006062, 0.00725 for "epoch == 0 .. 3", but its own code gives
        // 0.05·0.05 = 0.0025 at epoch 0 and those values at epochs 1..4 (0.05·(0.05 + 0.95·t/40)); we follow the code.
        var lrs = Run(new LinearLR(Adam(0.05), startFactor: 0.05, totalIters: 40), 100);
        lrs[0][0].Should().BeApproximately(0.0025, 1e-17);
        double[] documented = [0.003687, 0.004875, 0.006062, 0.00725];

        // The docstring prints 4 significant digits, truncated.
        for (int t = 1; t <= 4; t++) lrs[t][0].Should().BeApproximately(documented[t - 1], 1e-6, $"epoch {t}");
        for (int t = 40; t <= 100; t++) lrs[t][0].Should().BeApproximately(0.05, 1e-16, $"epoch {t} (lr = 0.05 if epoch >= 40)");
    }
}
