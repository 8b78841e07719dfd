using OptimizerLab.Numerics;

namespace OptimizerLab.Properties.Core;

/// <summary>DeterministicMath.Exp/Log/Pow agree with the platform's libm to within 2 ulp and are exact where IEEE 754 fixes the value.</summary>
public class DeterministicMathTests
{
    // Both sides are within 1 ulp of the true value (fdlibm's bound for ours, glibc's for Math.Exp/Log),
    // and a double rounded each way can sit at most 2 ulp apart.
    private const long MaxUlps = 2;

    [Fact]
    public void Exp_is_exact_on_special_values()
    {
        DeterministicMath.Exp(0.0).Should().Be(1.0);
        DeterministicMath.Exp(-0.0).Should().Be(1.0);
        DeterministicMath.Exp(double.PositiveInfinity).Should().Be(double.PositiveInfinity);
        Bits(DeterministicMath.Exp(double.NegativeInfinity)).Should().Be(0L, "exp(-inf) is +0");
        double.IsNaN(DeterministicMath.Exp(double.NaN)).Should().BeTrue();
        DeterministicMath.Exp(710.0).Should().Be(double.PositiveInfinity, "e^710 exceeds double.MaxValue");
        Bits(DeterministicMath.Exp(-746.0)).Should().Be(0L, "e^-746 is below half the smallest subnormal");
    }

    [Fact]
    public void Log_is_exact_on_special_values()
    {
        Bits(DeterministicMath.Log(1.0)).Should().Be(0L, "log(1) is +0");
        DeterministicMath.Log(0.0).Should().Be(double.NegativeInfinity);
        DeterministicMath.Log(-0.0).Should().Be(double.NegativeInfinity);
        DeterministicMath.Log(double.PositiveInfinity).Should().Be(double.PositiveInfinity);
        double.IsNaN(DeterministicMath.Log(-1.0)).Should().BeTrue();
        double.IsNaN(DeterministicMath.Log(double.NegativeInfinity)).Should().BeTrue();
        double.IsNaN(DeterministicMath.Log(double.NaN)).Should().BeTrue();
    }

    [Fact]
    public void Exp_is_within_2_ulp_of_Math_Exp_over_its_whole_range()
    {
        var random = new Random(20240601);
        var worst = new Worst();
        for (int i = 0; i < 200_000; i++)
        {
            double x = i switch
            {
                < 100_000 => -745.1 + random.NextDouble() * (709.78 + 745.1),  // the whole finite range, subnormal results included
                < 150_000 => (random.NextDouble() - 0.5) * 4,                   // around the reduction boundaries ±ln2/2, ±1.5·ln2
                _ => (random.NextDouble() - 0.5) * Math.Pow(2, -random.Next(1, 60)), // tiny arguments, e^x ≈ 1 + x
            };
            worst.Add(x, DeterministicMath.Exp(x), Math.Exp(x));
        }

        foreach (double x in new[] { 709.782712893383, -708.39641853226410622, -745.13, 1.0, -1.0, 0.5 * Math.Log(2), -0.5 * Math.Log(2) })
            worst.Add(x, DeterministicMath.Exp(x), Math.Exp(x));
        worst.Check(MaxUlps);
    }

    [Fact]
    public void Log_is_within_2_ulp_of_Math_Log_over_every_exponent()
    {
        var random = new Random(20240602);
        var worst = new Worst();
        for (int i = 0; i < 200_000; i++)
        {
            double x = i switch
            {
                // Random bit patterns of positive finite doubles: every exponent, subnormals included.
                < 100_000 => BitConverter.Int64BitsToDouble(random.NextInt64(1, 0x7FF0_0000_0000_0000)),
                < 150_000 => 1.0 + (random.NextDouble() - 0.5) * Math.Pow(2, -random.Next(1, 50)), // near 1, where log ≈ x - 1
                _ => 0.5 + random.NextDouble() * 1.5,                                                // around the √2 reduction boundary
            };
            worst.Add(x, DeterministicMath.Log(x), Math.Log(x));
        }

        for (int e = -1074; e <= 1023; e++) worst.Add(Math.Pow(2, e), DeterministicMath.Log(Math.Pow(2, e)), Math.Log(Math.Pow(2, e)));
        worst.Check(MaxUlps);
    }

    [Fact]
    public void Pow_with_a_real_exponent_follows_Math_Pow_within_the_error_of_y_log_x()
    {
        var random = new Random(20240603);
        for (int i = 0; i < 100_000; i++)
        {
            double x = random.NextDouble() * 10 + 1e-3;
            double y = (random.NextDouble() - 0.5) * 100;
            double z = Math.Abs(y * Math.Log(x));
            if (z > 700) continue;
            // y·Log(x) carries ~1.5 ulp of relative error, i.e. an absolute error of ~1.5·|z|·2^-52 that exp turns into a
            // relative one: about 3|z| ulp of the result, plus 2 ulp for the two exps being rounded differently.
            long allowed = MaxUlps + (long)Math.Ceiling(3 * z);
            long ulps = Ulps(DeterministicMath.Pow(x, y), Math.Pow(x, y));
            if (ulps > allowed) ulps.Should().BeLessThanOrEqualTo(allowed, $"Pow({x:R}, {y:R})");
        }
    }

    [Fact]
    public void Pow_is_close_on_NAdams_momentum_schedule()
    {
        // NAdam's 0.96^(t·0.004) for t up to 10^5: |y·ln 0.96| ≤ 16.4, so at most 2 + 3·16.4 ≈ 52 ulp, i.e. ~1e-14 relative.
        for (long t = 1; t <= 100_000; t += 7)
        {
            double y = t * 4e-3;
            long allowed = MaxUlps + (long)Math.Ceiling(3 * y * 0.0409);
            long ulps = Ulps(DeterministicMath.Pow(0.96, y), Math.Pow(0.96, y));
            if (ulps > allowed) ulps.Should().BeLessThanOrEqualTo(allowed, $"t = {t}");
        }
    }

    [Fact]
    public void Pow_special_values()
    {
        DeterministicMath.Pow(0.3, 0.0).Should().Be(1.0);
        DeterministicMath.Pow(1.0, 123.456).Should().Be(1.0);
        DeterministicMath.Pow(4.0, 0.5).Should().BeApproximately(2.0, 1e-15, "exp(0.5·log 4) is within a few ulp of 2");
        double.IsNaN(DeterministicMath.Pow(2.0, double.NaN)).Should().BeTrue();
        var zero = () => DeterministicMath.Pow(0.0, 0.5);
        zero.Should().Throw<ArgumentOutOfRangeException>();
        var negative = () => DeterministicMath.Pow(-2.0, 0.5);
        negative.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Whole_powers_by_squaring_are_exact_where_the_product_is()
    {
        DeterministicMath.Pow(2.0, 10L).Should().Be(1024.0);
        DeterministicMath.Pow(0.5, 3L).Should().Be(0.125);
        DeterministicMath.Pow(0.9, 0L).Should().Be(1.0);
    }

    /// <summary>The largest disagreement seen, with its argument, asserted once (an assertion per input would dominate the run time).</summary>
    private sealed class Worst
    {
        private long _ulps = -1;
        private double _x, _ours, _platform;

        public void Add(double x, double ours, double platform)
        {
            long ulps = Ulps(ours, platform);
            if (ulps > _ulps) (_ulps, _x, _ours, _platform) = (ulps, x, ours, platform);
        }

        public void Check(long maxUlps) =>
            _ulps.Should().BeLessThanOrEqualTo(maxUlps, $"at x = {_x:R}: ours {_ours:R}, Math {_platform:R}");
    }

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);

    /// <summary>Distance in units in the last place, counting through zero; equal infinities are 0 apart.</summary>
    private static long Ulps(double a, double b)
    {
        if (a.Equals(b)) return 0;
        if (!double.IsFinite(a) || !double.IsFinite(b)) return long.MaxValue;
        static long Ordered(double d)
        {
            long bits = BitConverter.DoubleToInt64Bits(d);
            return bits < 0 ? -(bits & long.MaxValue) : bits;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }
}
