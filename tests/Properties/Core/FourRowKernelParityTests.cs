using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The four-row kernels that least squares uses give, bit for bit, the one-row scalar references called row after row:
/// Dot4 equals DotKernel.Scalar of each row, Axpy4 equals four AxpyKernel.Scalar calls in order, for lengths 1–300,
/// float and double, rows at every alignment the row-major layout produces.
/// </summary>
public class FourRowKernelParityTests
{
    [Fact]
    public void Dot4_matches_four_scalar_dots_float() => CheckDot4<float>();

    [Fact]
    public void Dot4_matches_four_scalar_dots_double() => CheckDot4<double>();

    [Fact]
    public void Axpy4_matches_four_scalar_axpys_in_order_float() => CheckAxpy4<float>();

    [Fact]
    public void Axpy4_matches_four_scalar_axpys_in_order_double() => CheckAxpy4<double>();

    [Fact]
    public void Dot4_keeps_each_rows_own_summation_order()
    {
        // As in the one-row test: 1e8 + 1 - 1e8 keeps the 1 only in the documented order. Rows get it in different
        // lanes (and row 3 in the tail), so a kernel that mixed rows or summed left to right would lose it.
        const int n = 40;
        var rows = new float[4][];
        for (int r = 0; r < 4; r++) rows[r] = new float[n];
        rows[0][0] = 1e8f; rows[0][1] = 1f; rows[0][16] = -1e8f;
        rows[1][3] = 1e8f; rows[1][5] = 1f; rows[1][19] = -1e8f;
        rows[2][7] = -1e8f; rows[2][9] = 1f; rows[2][23] = 1e8f;
        rows[3][33] = 1f; rows[3][34] = 2f;
        var w = Enumerable.Repeat(1f, n).ToArray();
        var dots = new float[4];
        FourRowKernel.Dot4Simd512<float>(rows[0], rows[1], rows[2], rows[3], w, dots);
        dots.Should().Equal(1f, 1f, 1f, 3f);
    }

    private static T[] Random<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() * 2 - 1)).ToArray();
    }

    private static void CheckDot4<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = new T[4];
        var simd = new T[4];
        var simd512 = new T[4];
        for (int length = 1; length <= 300; length++)
        {
            // Rows packed one after another in one array (as in X): each starts at its own offset and alignment.
            var matrix = Random<T>(4 * length + 3, length);
            var w = Random<T>(length, -length);
            ReadOnlySpan<T> Row(int r) => matrix.AsSpan(r * length + r % 2, length);
            for (int r = 0; r < 4; r++) expected[r] = DotKernel.Scalar<T>(Row(r), w);

            FourRowKernel.Dot4Simd<T>(Row(0), Row(1), Row(2), Row(3), w, simd);
            FourRowKernel.Dot4Simd512<T>(Row(0), Row(1), Row(2), Row(3), w, simd512);
            if (!simd.SequenceEqual(expected) || !simd512.SequenceEqual(expected))
            {
                simd.Should().Equal(expected, $"SIMD path, length {length}");
                simd512.Should().Equal(expected, $"Vector512 path, length {length}");
            }
        }
    }

    private static void CheckAxpy4<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] a = [T.CreateTruncating(-0.37), T.CreateTruncating(1.9), T.CreateTruncating(0.011), T.CreateTruncating(-3.3)];
        for (int length = 1; length <= 300; length++)
        {
            var matrix = Random<T>(4 * length + 3, length);
            ReadOnlySpan<T> Row(int r) => matrix.AsSpan(r * length + r % 2, length);
            var y = Random<T>(length, -length);
            var expected = (T[])y.Clone();
            for (int r = 0; r < 4; r++) AxpyKernel.Scalar<T>(expected, a[r], Row(r));

            FourRowKernel.Axpy4Loop<T> Loop(T[] target) => new(target, a[0], Row(0), a[1], Row(1), a[2], Row(2), a[3], Row(3));
            var oneLane = (T[])y.Clone();
            LaneWidths<T, FourRowKernel.Axpy4Loop<T>>.Reference(Loop(oneLane));
            if (!oneLane.SequenceEqual(expected)) oneLane.Should().Equal(expected, $"one lane, length {length}");
            foreach (var (width, run) in LaneWidths<T, FourRowKernel.Axpy4Loop<T>>.Simd)
            {
                var actual = (T[])y.Clone();
                var work = Loop(actual);
                run(ref work);
                if (!actual.SequenceEqual(expected)) actual.Should().Equal(expected, $"{width}, length {length}");
            }
        }
    }
}
