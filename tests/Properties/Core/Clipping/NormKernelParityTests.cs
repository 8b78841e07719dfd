using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core.Clipping;

/// <summary>
/// The Vector256 paths of the clipping kernels give the same bits as their scalar references for every length 1–300.
/// The values span 16 orders of magnitude, so a sum added in another order would differ in its last bits.
/// </summary>
public class NormKernelParityTests
{
    private static T[] Values<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length)
            .Select(_ => T.CreateTruncating((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9))))
            .ToArray();
    }

    private static void AllLengths(Action<int> check)
    {
        for (int length = 1; length <= 300; length++) check(length);
    }

    [Fact]
    public void Sum_of_squares_float() => AllLengths(n =>
    {
        var x = Values<float>(n, n);
        NormKernel.SumOfSquaresSimd<float>(x).Should().Be(NormKernel.SumOfSquaresScalar<float>(x), $"length {n}");
    });

    [Fact]
    public void Sum_of_squares_double() => AllLengths(n =>
    {
        var x = Values<double>(n, n);
        NormKernel.SumOfSquaresSimd<double>(x).Should().Be(NormKernel.SumOfSquaresScalar<double>(x), $"length {n}");
    });

    [Fact]
    public void Sum_of_magnitudes_float() => AllLengths(n =>
    {
        var x = Values<float>(n, n + 1000);
        NormKernel.SumOfMagnitudesSimd<float>(x).Should().Be(NormKernel.SumOfMagnitudesScalar<float>(x), $"length {n}");
    });

    [Fact]
    public void Sum_of_magnitudes_double() => AllLengths(n =>
    {
        var x = Values<double>(n, n + 1000);
        NormKernel.SumOfMagnitudesSimd<double>(x).Should().Be(NormKernel.SumOfMagnitudesScalar<double>(x), $"length {n}");
    });

    [Fact]
    public void Max_magnitude_with_and_without_nan() => AllLengths(n =>
    {
        var f = Values<float>(n, n + 2000);
        var d = Values<double>(n, n + 2000);
        NormKernel.MaxMagnitudeSimd<float>(f).Should().Be(NormKernel.MaxMagnitudeScalar<float>(f), $"length {n}");
        NormKernel.MaxMagnitudeSimd<double>(d).Should().Be(NormKernel.MaxMagnitudeScalar<double>(d), $"length {n}");
        f[n / 2] = float.NaN;
        d[n - 1] = double.NaN;
        float.IsNaN(NormKernel.MaxMagnitudeSimd<float>(f)).Should().BeTrue($"a NaN anywhere makes the max NaN, length {n}");
        double.IsNaN(NormKernel.MaxMagnitudeSimd<double>(d)).Should().BeTrue($"length {n}");
    });

    [Fact]
    public void Infinities_propagate_the_same_way_in_both_paths()
    {
        var x = Values<float>(37, 5);
        x[3] = float.PositiveInfinity;
        x[20] = float.NegativeInfinity;
        (NormKernel.SumOfSquaresSimd<float>(x), NormKernel.SumOfMagnitudesSimd<float>(x), NormKernel.MaxMagnitudeSimd<float>(x))
            .Should().Be((double.PositiveInfinity, double.PositiveInfinity, float.PositiveInfinity));
        (NormKernel.SumOfSquaresScalar<float>(x), NormKernel.SumOfMagnitudesScalar<float>(x), NormKernel.MaxMagnitudeScalar<float>(x))
            .Should().Be((double.PositiveInfinity, double.PositiveInfinity, float.PositiveInfinity));
    }

    [Fact]
    public void The_lane_order_is_not_the_sequential_order()
    {
        // Proof that the parity tests can fail: summed left to right, these values give other bits than the lane order.
        var x = Values<double>(300, 300);
        double sequential = 0;
        foreach (double v in x) sequential += v * v;
        NormKernel.SumOfSquaresScalar<double>(x).Should().NotBe(sequential);
    }

    [Fact]
    public void Scale_and_clamp_match_their_references_including_nan_and_infinities() => AllLengths(n =>
    {
        var f = Values<float>(n, n + 3000);
        var d = Values<double>(n, n + 3000);
        f[0] = float.NaN;
        d[n / 2] = double.NegativeInfinity;
        if (n > 2) f[2] = float.PositiveInfinity;

        ScaleAtEveryWidth(f, 0.37f, n);
        ScaleAtEveryWidth(d, 0.37, n);

        var (f1, f2, d1, d2) = ((float[])f.Clone(), (float[])f.Clone(), (double[])d.Clone(), (double[])d.Clone());
        ClampKernel.Scalar<float>(f1, -0.01f, 0.01f);
        ClampKernel.Simd<float>(f2, -0.01f, 0.01f);
        ClampKernel.Scalar<double>(d1, -0.01, 0.01);
        ClampKernel.Simd<double>(d2, -0.01, 0.01);
        f2.Should().Equal(f1, $"clamp float, length {n}");
        d2.Should().Equal(d1, $"clamp double, length {n}");
        float.IsNaN(f2[0]).Should().BeTrue("clamping keeps NaN, as torch.clamp does");
    });

    private static void ScaleAtEveryWidth<T>(T[] values, T factor, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = (T[])values.Clone();
        LaneWidths<T, ScaleKernel.Loop<T>>.Reference(new ScaleKernel.Loop<T>(expected, factor));
        foreach (var (width, run) in LaneWidths<T, ScaleKernel.Loop<T>>.Simd)
        {
            var actual = (T[])values.Clone();
            var work = new ScaleKernel.Loop<T>(actual, factor);
            run(ref work);
            actual.Should().Equal(expected, $"scale {typeof(T).Name} {width}, length {n}");
        }
    }
}
