using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;
using static OptimizerLab.Properties.Core.Schedules.TorchSequences;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>ConstantLR and PolynomialLR against torch's written-out sequences and their closed forms.</summary>
public class ConstantAndPolynomialLRTests
{
    [Fact]
    public void ConstantLR_follows_torchs_test_constantlr()
    {
        // torch: factor 1/2 for 5 epochs on groups of 0.05 and 0.5.
        double[] single = [.. Repeat(0.025, 5), .. Repeat(0.05, 5)];
        Check(new ConstantLR(Adam(0.05, 0.5), factor: 0.5, totalIters: 5), single, single.Select(x => x * 10).ToArray());
    }

    [Fact]
    public void ConstantLR_with_a_factor_of_one_leaves_the_rate_alone_bit_for_bit()
    {
        var lrs = Run(new ConstantLR(Adam(0.1), factor: 1.0, totalIters: 3), 6);
        lrs.Should().OnlyContain(row => row[0] == 0.1);
    }

    [Fact]
    public void ConstantLR_restores_the_exact_base_rate_for_a_power_of_two_factor()
    {
        // 0.05·0.25 and then ·4 are exact in binary: the restored rate is the base rate to the bit.
        var lrs = Run(new ConstantLR(Adam(0.05), factor: 0.25, totalIters: 3), 6);
        lrs.Select(row => row[0]).Should().Equal(0.0125, 0.0125, 0.0125, 0.05, 0.05, 0.05, 0.05);
    }

    [Fact]
    public void PolynomialLR_follows_torchs_test_poly_lr()
    {
        // torch: power 0.9 over 5 epochs, then 0; targets lr·(1 - x/5)^0.9.
        static double[] Poly(double lr) => [.. Range(5, x => lr * Math.Pow(1.0 - x / 5.0, 0.9)), .. Repeat(0.0, 5)];
        Check(new PolynomialLR(Adam(0.05, 0.5), totalIters: 5, power: 0.9), Poly(0.05), Poly(0.5));
    }

    [Theory]
    [InlineData(20, 0.9)]
    [InlineData(7, 2.0)]
    [InlineData(1, 1.0)]
    public void PolynomialLR_follows_its_closed_form_and_ends_exactly_at_zero(int totalIters, double power)
    {
        var lrs = Run(new PolynomialLR(Adam(0.05), totalIters, power), totalIters + 5);
        for (int t = 0; t <= totalIters + 5; t++)
        {
            double closed = 0.05 * Math.Pow(1.0 - (double)Math.Min(totalIters, t) / totalIters, power);
            lrs[t][0].Should().BeApproximately(closed, Relative * 0.05, $"epoch {t}");
        }

        lrs[totalIters][0].Should().Be(0.0, "the ratio at total_iters is exactly 0");
    }

    [Fact]
    public void PolynomialLR_power_one_is_exactly_linear_where_the_ratio_is_exact()
    {
        // power 1, total_iters 4: the ratios (3/4)/1, (1/2)/(3/4)... and 0.5·(3/4) = 0.375 are exact at epoch 1.
        var lrs = Run(new PolynomialLR(Adam(0.5), totalIters: 4), 1);
        lrs[1][0].Should().Be(0.375);
    }
}
