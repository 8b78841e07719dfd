using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The fused row kernels that the problems' forward and backward passes use: every path (Vector512, emulated where the
/// hardware lacks AVX-512; Vector256; the entry points with SIMD on and off) gives the scalar reference's bits, for
/// lengths 1–300, float and double, rows at every alignment a row-major layout produces. The four-row kernels equal the
/// one-row references row after row, and the one-pass backward-and-forward equals the axpy then the dots. Run with
/// DOTNET_EnableHWIntrinsic=0 these compare .NET's software fused multiply-add with the C library's.
/// </summary>
[Trait("Category", "Determinism")]
public class FusedRowKernelParityTests
{
    private const int MaxLength = 300;

    [Fact]
    public void Dot_paths_match_the_scalar_reference_float() => CheckDot<float>();

    [Fact]
    public void Dot_paths_match_the_scalar_reference_double() => CheckDot<double>();

    [Fact]
    public void Four_row_dot_paths_match_four_scalar_dots_float() => CheckDot4<float>();

    [Fact]
    public void Four_row_dot_paths_match_four_scalar_dots_double() => CheckDot4<double>();

    [Fact]
    public void Axpy_paths_match_the_scalar_reference_float() => CheckAxpy<float>();

    [Fact]
    public void Axpy_paths_match_the_scalar_reference_double() => CheckAxpy<double>();

    [Fact]
    public void Backward_and_forward_in_one_pass_match_the_axpy_then_the_dots_float() => CheckAxpy4Dot4<float>();

    [Fact]
    public void Backward_and_forward_in_one_pass_match_the_axpy_then_the_dots_double() => CheckAxpy4Dot4<double>();

    [Fact]
    public void Dot_adds_its_partials_by_halving_not_left_to_right()
    {
        // 1e8 + 1 - 1e8 in float: left to right gives 0 (the 1 is lost against 1e8). In the documented order 1e8 (partial
        // 0) and -1e8 (partial 16) meet at the first halving, while the 1 waits in partial 1, so the sum is 1. Rows of
        // lengths 32 (no chunk, no tail), 48 (one chunk) and 50 (a tail) put the terms in each part.
        foreach (int n in new[] { 32, 48, 50 })
        {
            var x = new float[n];
            x[0] = 1e8f; x[1] = 1f; x[16] = -1e8f;
            var w = Enumerable.Repeat(1f, n).ToArray();
            AllPaths(x, w).Should().AllBeEquivalentTo(1f, $"length {n}");
            float leftToRight = 0;
            for (int j = 0; j < n; j++) leftToRight += x[j] * w[j];
            leftToRight.Should().Be(0f, "naive order loses the 1, which is why the order is part of the spec");
        }

        // The chunk [32, 48) goes to partials 0…15 before the halving: -1e8 at 32 cancels 1e8 in partial 0 exactly, then
        // the halving adds the 1 waiting in partial 16. Put in partial 16 or added after the halving, the -1e8 would
        // meet 1e8 + 1 or -1e8 + 1 instead and the 1 would be lost.
        var chunk = new float[48];
        chunk[0] = 1e8f; chunk[16] = 1f; chunk[32] = -1e8f;
        AllPaths(chunk, Enumerable.Repeat(1f, 48).ToArray()).Should().AllBeEquivalentTo(1f, "the chunk shares partials 0…P−1");
    }

    [Fact]
    public void Dot_and_axpy_round_each_multiply_add_once()
    {
        // (1 + 2⁻¹²)² = 1 + 2⁻¹¹ + 2⁻²⁴: rounded on its own it ties to 1 + 2⁻¹¹ and the sum below is 0; fused with the
        // addend -(1 + 2⁻¹¹) the 2⁻²⁴ survives. In the tail (length 2) the first term is the addend of the second.
        float u = 1f + MathF.Pow(2, -12), v = 1f + MathF.Pow(2, -11);
        float[] x = [-1f, u], w = [v, u];
        AllPaths(x, w).Should().AllBeEquivalentTo(MathF.Pow(2, -24));
        (u * u - v).Should().Be(0f, "unfused, the product rounds first");

        foreach (bool simd in new[] { false, true })
        {
            var y = new[] { -v };
            FusedRowKernel.Axpy<float>(y, u, [u], simd);
            y[0].Should().Be(MathF.Pow(2, -24), $"axpy, simd={simd}");
            var y4 = Enumerable.Repeat(-v, 20).ToArray();
            var ones = new float[20];
            var square = Enumerable.Repeat(u, 20).ToArray();
            FusedRowKernel.Axpy4<float>(y4, [u, 0f, 0f, 0f], new FourRows<float>(square, ones, ones, ones), simd);
            y4.Should().AllBeEquivalentTo(MathF.Pow(2, -24), $"four-row axpy over whole vectors and the tail, simd={simd}");
        }
    }

    private static float[] AllPaths(float[] x, float[] w)
    {
        var dots = new float[4];
        FusedRowKernel.Dot4Simd512<float>(new FourRows<float>(x, x, x, x), w, dots);
        return [FusedRowKernel.DotScalar<float>(x, w), FusedRowKernel.DotSimd256<float>(x, w), FusedRowKernel.DotSimd512<float>(x, w), .. dots];
    }

    private static T[] Random<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Four rows of <paramref name="length"/> packed one after another with a gap, so each starts at its own alignment.</summary>
    private static FourRows<T> Rows<T>(T[] matrix, int length) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(Row(matrix, length, 0), Row(matrix, length, 1), Row(matrix, length, 2), Row(matrix, length, 3));

    private static ReadOnlySpan<T> Row<T>(T[] matrix, int length, int r) => matrix.AsSpan(r * length + r % 2, length);

    private static T[] Coefficients<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        [T.CreateTruncating(-0.37), T.CreateTruncating(1.9), T.CreateTruncating(0.011), T.CreateTruncating(-3.3)];

    private static void CheckDot<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int length = 1; length <= MaxLength; length++)
        {
            var x = Random<T>(length, length);
            var w = Random<T>(length, -length);
            T expected = FusedRowKernel.DotScalar<T>(x, w);
            T[] actual =
            [
                FusedRowKernel.DotSimd512<T>(x, w), FusedRowKernel.DotSimd256<T>(x, w),
                FusedRowKernel.Dot<T>(x, w, simd: true), FusedRowKernel.Dot<T>(x, w, simd: false),
            ];
            if (actual.Any(a => a != expected)) actual.Should().AllBeEquivalentTo(expected, $"length {length}: 512, 256, entry simd, entry scalar");
        }
    }

    private static void CheckDot4<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var expected = new T[4];
        var results = new T[4][];
        for (int length = 1; length <= MaxLength; length++)
        {
            var matrix = Random<T>(4 * length + 3, length);
            var w = Random<T>(length, -length);
            var rows = Rows(matrix, length);
            for (int r = 0; r < 4; r++) expected[r] = FusedRowKernel.DotScalar<T>(rows[r], w);
            for (int path = 0; path < 4; path++) results[path] = new T[4];
            FusedRowKernel.Dot4Simd512<T>(rows, w, results[0]);
            FusedRowKernel.Dot4Simd256<T>(rows, w, results[1]);
            FusedRowKernel.Dot4<T>(rows, w, results[2], simd: true);
            FusedRowKernel.Dot4Scalar<T>(rows, w, results[3]);
            for (int path = 0; path < 4; path++)
            {
                if (!results[path].SequenceEqual(expected))
                    results[path].Should().Equal(expected, $"path {path} (512, 256, entry, scalar) at length {length}");
            }
        }
    }

    private static void CheckAxpy<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Coefficients<T>();
        for (int length = 1; length <= MaxLength; length++)
        {
            var matrix = Random<T>(4 * length + 3, length);
            var rows = Rows(matrix, length);
            var start = Random<T>(length, -length);

            // One row: every path equals the reference.
            var one = (T[])start.Clone();
            FusedRowKernel.AxpyScalar<T>(one, a[0], rows.Row0);
            foreach (bool wide in new[] { false, true })
            {
                var actual = (T[])start.Clone();
                FusedRowKernel.AxpySimd<T>(actual, a[0], rows.Row0, wide);
                if (!actual.SequenceEqual(one)) actual.Should().Equal(one, $"one row, wide={wide}, length {length}");
            }

            // Four rows: the reference is four one-row references in row order, and every path equals it.
            var four = (T[])start.Clone();
            for (int r = 0; r < 4; r++) FusedRowKernel.AxpyScalar<T>(four, a[r], rows[r]);
            var scalar4 = (T[])start.Clone();
            FusedRowKernel.Axpy4Scalar<T>(scalar4, a, rows);
            if (!scalar4.SequenceEqual(four)) scalar4.Should().Equal(four, $"four-row reference, length {length}");
            foreach (bool wide in new[] { false, true })
            {
                var actual = (T[])start.Clone();
                FusedRowKernel.Axpy4Simd<T>(actual, a, rows, wide);
                if (!actual.SequenceEqual(four)) actual.Should().Equal(four, $"four rows, wide={wide}, length {length}");
            }
        }
    }

    private static void CheckAxpy4Dot4<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Coefficients<T>();
        for (int length = 1; length <= MaxLength; length++)
        {
            var matrix = Random<T>(8 * length + 7, length);
            var done = Rows(matrix, length);
            var next = Rows(matrix.AsSpan(4 * length + 3).ToArray(), length);
            var w = Random<T>(length, 3 * length);
            var start = Random<T>(length, -length);

            var expectedY = (T[])start.Clone();
            var expectedDots = new T[4];
            FusedRowKernel.Axpy4Scalar<T>(expectedY, a, done);
            FusedRowKernel.Dot4Scalar<T>(next, w, expectedDots);

            var y512 = (T[])start.Clone();
            var dots512 = new T[4];
            FusedRowKernel.Axpy4Dot4Simd512<T>(y512, a, done, next, w, dots512);
            foreach (bool simd in new[] { false, true })
            {
                var y = (T[])start.Clone();
                var dots = new T[4];
                FusedRowKernel.Axpy4Dot4<T>(y, a, done, next, w, dots, simd);
                if (!y.SequenceEqual(expectedY) || !dots.SequenceEqual(expectedDots))
                {
                    y.Should().Equal(expectedY, $"entry point y, simd={simd}, length {length}");
                    dots.Should().Equal(expectedDots, $"entry point dots, simd={simd}, length {length}");
                }
            }

            if (!y512.SequenceEqual(expectedY) || !dots512.SequenceEqual(expectedDots))
            {
                y512.Should().Equal(expectedY, $"Vector512 one-pass y, length {length}");
                dots512.Should().Equal(expectedDots, $"Vector512 one-pass dots, length {length}");
            }
        }
    }
}
