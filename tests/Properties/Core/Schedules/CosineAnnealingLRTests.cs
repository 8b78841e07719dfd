using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>CosineAnnealingLR's recursive form against torch's documented closed form eta_min + (base - eta_min)(1 + cos(πt/T_max))/2.</summary>
public class CosineAnnealingLRTests
{
    private static double Closed(double baseLr, double etaMin, int tMax, int t) =>
        etaMin + (baseLr - etaMin) * (1 + Math.Cos(Math.PI * t / tMax)) / 2;

    [Theory]
    [InlineData(50, 0.0)]
    [InlineData(50, 1e-3)]
    [InlineData(7, 0.02)]
    public void Follows_the_closed_form_for_200_epochs_through_troughs_and_rises(int tMax, double etaMin)
    {
        double[] bases = [0.1, 0.05];
        var lrs = Run(new CosineAnnealingLR(Adam(bases), tMax, etaMin), 200);
        for (int t = 0; t <= 200; t++)
        {
            for (int g = 0; g < bases.Length; g++)
            {
                double closed = Closed(bases[g], etaMin, tMax, t);

                // The recursive ratios telescope (each 1 + cos(πk/T) is computed twice with the same bits), leaving a few
                // roundings per step and the cancellation in 1 ± cos near each trough. Measured worst: 7.5e-14 of
                // (base - eta_min) for T_max = 7, 1.5e-15 for T_max = 50; 1e-12 leaves room for another platform's cos.
                Math.Abs(lrs[t][g] - closed).Should().BeLessThanOrEqualTo(1e-12 * (bases[g] - etaMin), $"epoch {t}, group {g}");
            }
        }
    }

    [Fact]
    public void Is_exact_where_both_forms_are_the_same_arithmetic()
    {
        const int tMax = 50;
        const double etaMin = 1e-3;
        var lrs = Run(new CosineAnnealingLR(Adam(0.1), tMax, etaMin), 3 * tMax);
        lrs[0][0].Should().Be(0.1, "epoch 0 keeps the base rate");

        // Epoch 1: ratio (1 + c)/2 times (base - eta_min) is the closed form's (base - eta_min)(1 + c)/2, halving being exact.
        lrs[1][0].Should().Be(Closed(0.1, etaMin, tMax, 1));

        // At odd multiples of T_max, 1 + cos(π·k) rounds to exactly 0 in both forms: the rate is eta_min exactly.
        lrs[tMax][0].Should().Be(etaMin);
        lrs[3 * tMax][0].Should().Be(etaMin);
    }

    [Fact]
    public void Without_restarts_the_rate_rises_back_to_the_base_after_the_trough()
    {
        var lrs = Run(new CosineAnnealingLR(Adam(0.1), 10), 20);
        lrs[10][0].Should().Be(0.0);
        lrs[15][0].Should().BeGreaterThan(lrs[11][0]);

        // Back at 2·T_max the closed form is the base rate; the recursion gets there within its rounding (see above).
        lrs[20][0].Should().BeApproximately(0.1, 1e-14);
    }
}
