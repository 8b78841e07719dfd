using System.Numerics;
using FsCheck.Xunit;
using OptimizerLab.Clipping;
using OptimizerLab.Optimizers;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Core.Clipping;

/// <summary>ClipByGlobalNorm and ClipByValue: torch's arithmetic, their guarantees, and their edge cases.</summary>
public class GradientClippingTests
{
    /// <summary>1–4 parameters of 1–40 elements at scales 1e-8..1e8, some without a gradient, from one seed.</summary>
    private static Parameter<T>[] RandomParameters<T>(int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, random.Next(1, 5)).Select(i =>
        {
            double scale = Math.Pow(10, random.Next(-8, 9));
            var p = new Parameter<T>(random.Next(1, 41), $"p{i}") { HasGrad = random.Next(6) != 0 };
            for (int j = 0; j < p.Length; j++) p.Grad[j] = T.CreateTruncating((random.NextDouble() * 2 - 1) * scale);
            return p;
        }).ToArray();
    }

    /// <summary>The p-norm of all gradients as one vector, in double (a reference independent of the kernels).</summary>
    private static double Norm<T>(IEnumerable<Parameter<T>> parameters, double p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = parameters.Where(q => q.HasGrad).SelectMany(q => q.Grad).Select(v => Math.Abs(double.CreateTruncating(v))).ToArray();
        if (x.Length == 0) return 0;
        if (double.IsPositiveInfinity(p)) return x.Max();
        if (p == 1) return x.Sum();
        if (p == 2) return Math.Sqrt(x.Sum(v => v * v));
        return Math.Pow(x.Sum(v => Math.Pow(v, p)), 1 / p);
    }

    private static T[][] Grads<T>(Parameter<T>[] parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        parameters.Select(p => (T[])p.Grad.Clone()).ToArray();

    private static void CheckGlobalNormBound<T>(int seed, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(~seed);
        double maxNorm = Math.Pow(10, random.Next(-6, 7)) * (0.5 + random.NextDouble());
        double p = new[] { 2.0, 1.0, double.PositiveInfinity, 3.0 }[random.Next(4)];
        var parameters = RandomParameters<T>(seed);
        var without = parameters.Where(q => !q.HasGrad).Select(q => (q, (T[])q.Grad.Clone())).ToArray();
        double before = Norm(parameters, p);

        double total = GradientClipping.ClipByGlobalNorm(parameters, maxNorm, p, errorIfNonfinite: true);

        double after = Norm(parameters, p);
        if (before == 0) total.Should().Be(0);
        else RelativeError(total, before).Should().BeLessThanOrEqualTo(tolerance, "the returned norm is the norm before clipping");
        after.Should().BeLessThanOrEqualTo(maxNorm * (1 + tolerance), $"p = {p}, maxNorm = {maxNorm}, norm before = {before}");
        if (before > maxNorm + 1e-6)
        {
            // torch's coefficient max_norm/(norm + 1e-6) lands just below max_norm, by the factor norm/(norm + 1e-6).
            after.Should().BeGreaterThanOrEqualTo(maxNorm * before / (before + 1e-6) * (1 - tolerance), "clipping scales down to maxNorm, not below");
        }
        foreach (var (q, grad) in without) q.Grad.Should().Equal(grad, "a parameter without a gradient is left alone");
    }

    private static double RelativeError(double a, double b) => Math.Abs(a - b) / Math.Abs(b);

    // float: the norm rounds to float twice (per parameter, total), then 1e-6 is added, the reciprocal taken, max_norm
    // rounded and multiplied, and each gradient multiplied: at most 7 roundings of 2^-24 = 4.2e-7; 1e-6 bounds that.
    [SeededProperty(Cases = 300)]
    public void Float_gradients_never_exceed_max_norm_after_clipping(int seed) => CheckGlobalNormBound<float>(seed, 1e-6);

    // double: the same 7 roundings of 2^-53, and the reference's own sum of ≤ 160 terms: far below 1e-13.
    [SeededProperty(Cases = 300)]
    public void Double_gradients_never_exceed_max_norm_after_clipping(int seed) => CheckGlobalNormBound<double>(seed, 1e-13);

    [Fact]
    public void A_norm_within_max_norm_leaves_the_gradients_bit_for_bit()
    {
        var parameters = RandomParameters<float>(42);
        var before = Grads(parameters);
        double norm = GradientClipping.GlobalNorm(parameters);

        // The coefficient max_norm/(norm + 1e-6) reaches 1 only when max_norm ≥ norm + 1e-6.
        GradientClipping.ClipByGlobalNorm(parameters, norm * 1.01 + 1e-6).Should().Be(norm);
        Grads(parameters).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Uses_torchs_coefficient_reciprocal_of_norm_plus_1e6_times_max_norm()
    {
        // Norms 5 (3-4-5) and 12 make a global norm of exactly 13. torch evaluates max_norm / (total + 1e-6) as
        // (total + 1e-6).reciprocal() * max_norm in float32; for max_norm 0.65 that differs from a plain division.
        var a = new Parameter<float>(2, "a");
        var b = new Parameter<float>(1, "b");
        (a.Grad[0], a.Grad[1], b.Grad[0]) = (3f, -4f, 12f);
        float coef = 1f / (13f + 1e-6f) * 0.65f;
        coef.Should().NotBe(0.65f / (13f + 1e-6f), "otherwise this test could not tell the two orders apart");

        GradientClipping.ClipByGlobalNorm([a, b], 0.65).Should().Be(13.0);
        (a.Grad[0], a.Grad[1], b.Grad[0]).Should().Be((3f * coef, -4f * coef, 12f * coef));
    }

    [Theory]
    [InlineData(1.0, 6.0)]
    [InlineData(double.PositiveInfinity, 7.0)]
    public void Norm_types_1_and_infinity(double p, double expected)
    {
        var a = new Parameter<double>([0.0, 0.0], "a");
        var b = new Parameter<double>([0.0], "b");
        (a.Grad[0], a.Grad[1], b.Grad[0]) = (-3.0, 1.0, p == 1 ? 2.0 : 7.0);
        if (p != 1) a.Grad[0] = -5.0;
        GradientClipping.ClipByGlobalNorm([a, b], 1.0, p).Should().Be(expected);
        Norm([a, b], p).Should().BeLessThanOrEqualTo(1.0);
    }

    [Fact]
    public void Error_if_nonfinite_throws_torchs_message_and_changes_nothing()
    {
        var p = new Parameter<float>([0f, 0f, 0f]);
        (p.Grad[0], p.Grad[1], p.Grad[2]) = (1f, float.PositiveInfinity, 2f);
        var clip = () => GradientClipping.ClipByGlobalNorm([p], 1.0, errorIfNonfinite: true);
        clip.Should().Throw<InvalidOperationException>().WithMessage(
            "The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped. " +
            "To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
        p.Grad.Should().Equal(1f, float.PositiveInfinity, 2f);
    }

    [Fact]
    public void A_nonfinite_norm_without_the_error_scales_like_torch()
    {
        // Infinite norm: coef = (1/∞)·max_norm = 0, so finite gradients become 0 and ∞·0 = NaN.
        var p = new Parameter<float>([0f, 0f, 0f]);
        (p.Grad[0], p.Grad[1], p.Grad[2]) = (1f, float.PositiveInfinity, -2f);
        GradientClipping.ClipByGlobalNorm([p], 1.0).Should().Be(double.PositiveInfinity);
        (p.Grad[0], float.IsNaN(p.Grad[1]), p.Grad[2]).Should().Be((0f, true, -0f));

        // NaN norm: coef is NaN (torch.clamp keeps NaN), so every gradient becomes NaN.
        var q = new Parameter<double>([0.0, 0.0]);
        (q.Grad[0], q.Grad[1]) = (double.NaN, 1.0);
        double.IsNaN(GradientClipping.ClipByGlobalNorm([q], 1.0)).Should().BeTrue();
        q.Grad.Should().OnlyContain(g => double.IsNaN(g));
    }

    [Fact]
    public void No_gradients_give_norm_zero()
    {
        var p = new Parameter<float>([1f]) { HasGrad = false };
        p.Grad[0] = 5f;
        GradientClipping.ClipByGlobalNorm([p], 1.0).Should().Be(0);
        GradientClipping.ClipByGlobalNorm(Array.Empty<Parameter<float>>(), 1.0).Should().Be(0);
        p.Grad[0].Should().Be(5f);
    }

    [Fact]
    public void Another_p_uses_the_p_norm()
    {
        var parameters = RandomParameters<double>(7);
        double expected = Norm(parameters, 3.0);

        // Per-parameter norms, then the norm of those: a few roundings of the platform's pow apart from one sum.
        GradientClipping.GlobalNorm(parameters, 3.0).Should().BeApproximately(expected, expected * 1e-13);
    }

    [Theory]
    [InlineData(-1.0, "max_norm", "Expected non-negative max_norm, but got -1.0")]
    [InlineData(double.NaN, "max_norm", "Expected non-negative max_norm, but got nan")]
    [InlineData(0.0, "norm_type", "Expected a positive norm_type (1.0, 2.0, inf or another p > 0), but got 0.0")]
    [InlineData(double.NegativeInfinity, "norm_type", "Expected a positive norm_type (1.0, 2.0, inf or another p > 0), but got -inf")]
    [InlineData(double.NaN, "norm_type", "Expected a positive norm_type (1.0, 2.0, inf or another p > 0), but got nan")]
    public void Invalid_arguments_are_refused(double value, string name, string message)
    {
        var p = new Parameter<float>([1f]);
        var clip = () => GradientClipping.ClipByGlobalNorm([p], name == "max_norm" ? value : 1.0, name == "norm_type" ? value : 2.0);
        clip.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [SeededProperty(Cases = 200)]
    public void Clip_by_value_bounds_every_element_and_keeps_those_inside(int seed)
    {
        var parameters = RandomParameters<float>(seed);
        double clip = Math.Pow(10, new Random(seed).Next(-9, 9));
        var before = Grads(parameters);
        GradientClipping.ClipByValue(parameters, clip);
        float c = (float)clip;
        for (int i = 0; i < parameters.Length; i++)
        {
            for (int j = 0; j < parameters[i].Length; j++)
            {
                float was = before[i][j], now = parameters[i].Grad[j];
                if (!parameters[i].HasGrad) now.Should().Be(was);
                else if (was > c) now.Should().Be(c);
                else if (was < -c) now.Should().Be(-c);
                else now.Should().Be(was);
            }
        }
    }

    [Fact]
    public void Clip_by_value_keeps_nan_and_bounds_infinities()
    {
        var p = new Parameter<double>(3);
        (p.Grad[0], p.Grad[1], p.Grad[2]) = (double.NaN, double.NegativeInfinity, double.PositiveInfinity);
        GradientClipping.ClipByValue([p], 0.5);
        (double.IsNaN(p.Grad[0]), p.Grad[1], p.Grad[2]).Should().Be((true, -0.5, 0.5));
    }

    [Fact]
    public void Clip_by_value_refuses_a_negative_value()
    {
        var clip = () => GradientClipping.ClipByValue([new Parameter<float>(1)], -0.1);
        clip.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith("Expected non-negative clip_value, but got -0.1");
    }
}
