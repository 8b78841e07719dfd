using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The least-squares kernels: the Vector256 and the Vector512 path each give the scalar reference's bits for lengths 1–300.
/// The Vector512 path is checked even where the hardware lacks AVX-512 (.NET then emulates it), so it is always tested.
/// </summary>
public class DotAndAxpyKernelParityTests
{
    [Fact]
    public void Dot_simd_matches_scalar_float() => CheckDot<float>();

    [Fact]
    public void Dot_simd_matches_scalar_double() => CheckDot<double>();

    [Fact]
    public void Axpy_simd_matches_scalar_float() => CheckAxpy<float>();

    [Fact]
    public void Axpy_simd_matches_scalar_double() => CheckAxpy<double>();

    [Fact]
    public void Dot_order_is_the_documented_one_not_left_to_right()
    {
        // 1e8 + 1 - 1e8 in float: left to right gives 0 (the 1 is lost against 1e8); the documented order keeps the 1 in
        // its own partial (lane 1) while 1e8 and -1e8 cancel in lane 0, so the sum is 1.
        var a = new float[33];
        var b = new float[33];
        a[0] = 1e8f; a[1] = 1f; a[16] = -1e8f; // partials 0, 1, 16: (p0 + p16) + (p8 + p24) for lane 0 is 0, lane 1 is 1
        Array.Fill(b, 1f);
        DotKernel.Scalar<float>(a, b).Should().Be(1f);
        DotKernel.Simd256<float>(a, b).Should().Be(1f);
        DotKernel.Simd512<float>(a, b).Should().Be(1f);
        float leftToRight = 0;
        for (int i = 0; i < a.Length; i++) leftToRight += a[i] * b[i];
        leftToRight.Should().Be(0f, "naive order loses the 1, which is why the order is part of the spec");
    }

    private static T[] Random<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static void CheckDot<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int length = 1; length <= 300; length++)
        {
            var a = Random<T>(length, length);
            var b = Random<T>(length, -length);
            T scalar = DotKernel.Scalar<T>(a, b);
            if (DotKernel.Simd256<T>(a, b) != scalar || DotKernel.Simd512<T>(a, b) != scalar || DotKernel.Simd<T>(a, b) != scalar)
            {
                DotKernel.Simd256<T>(a, b).Should().Be(scalar, $"Vector256, length {length}");
                DotKernel.Simd512<T>(a, b).Should().Be(scalar, $"Vector512, length {length}");
            }
        }
    }

    private static void CheckAxpy<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int length = 1; length <= 300; length++)
        {
            var x = Random<T>(length, length);
            var y = Random<T>(length, -length);
            T alpha = T.CreateTruncating(-0.37);
            var expected = (T[])y.Clone();
            LaneWidths<T, AxpyKernel.Loop<T>>.Reference(new AxpyKernel.Loop<T>(expected, alpha, x));
            foreach (var (width, run) in LaneWidths<T, AxpyKernel.Loop<T>>.Simd)
            {
                var actual = (T[])y.Clone();
                var work = new AxpyKernel.Loop<T>(actual, alpha, x);
                run(ref work);
                actual.Should().Equal(expected, $"{width}, length {length}");
            }
        }
    }
}
