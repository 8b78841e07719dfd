using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>
/// The weighted Gram matrix G = X·diag(w)·Xᵀ of a few rows (the lab's preconditioned sharpness of least squares),
/// lower triangle only, in double with fused multiply-adds, the same bits at every SIMD width.
/// </summary>
/// <remarks>
/// Order, per entry: G[i, k] = Σ_j x[i, j]·(w[j]·x[k, j]) over the padded row (padding is zero in x and w, and adds
/// exact zeros). Element j goes to partial sum j mod 8, each updated in index order by one fused multiply-add
/// (correctly rounded on every CPU, in hardware or in the runtime's software fallback); the eight partials are combined
/// as ((p0 + p4) + (p2 + p6)) + ((p1 + p5) + (p3 + p7)), which is what a Vector512's halves added, then the halves of
/// that added, give, and what two Vector256 accumulators (lanes 0–3, lanes 4–7) give too. The AVX-512 path computes
/// 4 × 4 entries per pass over the rows (16 accumulators, each row chunk loaded once for four entries), so forming G
/// for 64 rows of 1000 costs about one Vector512 fused multiply-add per 8 products.
/// </remarks>
internal static class GramKernel
{
    private const int Lanes = 8;
    private const int Tile = 4;

    /// <summary>
    /// Writes G[i, k] = Σ_j x[i, j]·w[j]·x[k, j] for k ≤ i into <paramref name="gram"/> (rows × rows, row-major).
    /// <paramref name="x"/> holds the rows at <paramref name="stride"/> (a multiple of 8) with zero padding;
    /// <paramref name="weights"/> and each of the 4 rows of <paramref name="scaled"/> (scratch) are <paramref name="stride"/> long.
    /// </summary>
    public static void WeightedLowerTriangle(ReadOnlySpan<double> x, int rows, int stride, ReadOnlySpan<double> weights, Span<double> gram, Span<double> scaled) =>
        WeightedLowerTriangle(x, rows, stride, weights, gram, scaled, NativeWidth);

    /// <summary>The widest path this thread runs: 512 (Vector512), 256 (two Vector256) or 1 (the scalar reference).</summary>
    internal static int NativeWidth => !KernelDispatch.UseSimd ? 1 : Vector512.IsHardwareAccelerated ? 512 : 256;

    /// <summary><see cref="WeightedLowerTriangle(ReadOnlySpan{double}, int, int, ReadOnlySpan{double}, Span{double}, Span{double})"/> at a given width (tests compare them).</summary>
    internal static void WeightedLowerTriangle(ReadOnlySpan<double> x, int rows, int stride, ReadOnlySpan<double> weights, Span<double> gram, Span<double> scaled, int width)
    {
        if (stride % Lanes != 0) throw new ArgumentException($"The stride {stride} is not a multiple of {Lanes}.", nameof(stride));
        if (x.Length < rows * stride || weights.Length < stride || gram.Length < rows * rows || scaled.Length < Tile * stride)
            throw new ArgumentException("A buffer is too short for the rows and stride given.");
        for (int kb = 0; kb < rows; kb += Tile)
        {
            int kn = Math.Min(Tile, rows - kb);
            for (int b = 0; b < kn; b++) Scale(x.Slice((kb + b) * stride, stride), weights[..stride], scaled.Slice(b * stride, stride), width);
            int i = kb;
            if (width == 512 && kn == Tile)
            {
                for (; i + Tile <= rows; i += Tile) Tile512(x, i, stride, scaled, gram, rows, kb);
            }

            for (; i < rows; i++)
            {
                ReadOnlySpan<double> xi = x.Slice(i * stride, stride);
                for (int b = 0; b < kn && kb + b <= i; b++)
                {
                    ReadOnlySpan<double> sk = scaled.Slice(b * stride, stride);
                    gram[i * rows + kb + b] = width switch
                    {
                        512 => Entry512(xi, sk),
                        256 => Entry256(xi, sk),
                        _ => EntryScalar(xi, sk),
                    };
                }
            }
        }
    }

    /// <summary>
    /// Σ_j a[j]·b[j] over any length, in an entry's order with the length padded by zeros to a multiple of 8: the dot
    /// products of <see cref="Problems.SymmetricEigen"/>'s reduction, whose rows have every length from 1 to n.
    /// </summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Dot(a, b, NativeWidth);

    /// <summary><see cref="Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/> at a given width (tests compare them).</summary>
    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int width)
    {
        if (b.Length < a.Length) throw new ArgumentException("The second span is shorter than the first.", nameof(b));
        int bulk = a.Length - a.Length % Lanes;
        if (width == 1)
        {
            Span<double> p = stackalloc double[Lanes];
            p.Clear();
            for (int j = 0; j < bulk + (a.Length > bulk ? Lanes : 0); j++)
            {
                double aj = j < a.Length ? a[j] : 0, bj = j < a.Length ? b[j] : 0;
                p[j % Lanes] = Math.FusedMultiplyAdd(aj, bj, p[j % Lanes]);
            }

            return Combine(p[0] + p[4], p[1] + p[5], p[2] + p[6], p[3] + p[7]);
        }

        var acc = width == 512 ? Entry512Lanes(a[..bulk], b[..bulk]) : Entry256Lanes(a[..bulk], b[..bulk]);
        if (a.Length > bulk)
        {
            // The tail as one zero-padded group of eight: lanes past the end add fma(0, 0, p) = p.
            ReadOnlySpan<double> ta = a[bulk..], tb = b[bulk..a.Length];
            var va = Vector512.Create(At(ta, 0), At(ta, 1), At(ta, 2), At(ta, 3), At(ta, 4), At(ta, 5), At(ta, 6), At(ta, 7));
            var vb = Vector512.Create(At(tb, 0), At(tb, 1), At(tb, 2), At(tb, 3), At(tb, 4), At(tb, 5), At(tb, 6), At(tb, 7));
            acc = width == 512
                ? Vector512.FusedMultiplyAdd(va, vb, acc)
                : Vector512.Create(Vector256.FusedMultiplyAdd(va.GetLower(), vb.GetLower(), acc.GetLower()),
                    Vector256.FusedMultiplyAdd(va.GetUpper(), vb.GetUpper(), acc.GetUpper()));
        }

        return Combine(acc.GetLower() + acc.GetUpper());
    }

    private static double At(ReadOnlySpan<double> values, int index) => index < values.Length ? values[index] : 0;

    /// <summary>The scalar reference of one entry: Σ_j xi[j]·scaled[j] in the documented order.</summary>
    internal static double EntryScalar(ReadOnlySpan<double> xi, ReadOnlySpan<double> scaled)
    {
        Span<double> p = stackalloc double[Lanes];
        p.Clear();
        for (int j = 0; j < xi.Length; j++) p[j % Lanes] = Math.FusedMultiplyAdd(xi[j], scaled[j], p[j % Lanes]);
        return Combine(p[0] + p[4], p[1] + p[5], p[2] + p[6], p[3] + p[7]);
    }

    private static double Combine(double h0, double h1, double h2, double h3) => (h0 + h2) + (h1 + h3);

    private static double Combine(Vector256<double> halves) =>
        Combine(halves.GetElement(0), halves.GetElement(1), halves.GetElement(2), halves.GetElement(3));

    /// <summary>scaled = w ∘ row: one rounding per element at any width.</summary>
    private static void Scale(ReadOnlySpan<double> row, ReadOnlySpan<double> w, Span<double> scaled, int width)
    {
        int j = 0;
        if (width == 512)
        {
            for (; j + 8 <= row.Length; j += 8)
                (Vector512.Create(row.Slice(j, 8)) * Vector512.Create(w.Slice(j, 8))).CopyTo(scaled.Slice(j, 8));
        }
        else if (width == 256)
        {
            for (; j + 4 <= row.Length; j += 4)
                (Vector256.Create(row.Slice(j, 4)) * Vector256.Create(w.Slice(j, 4))).CopyTo(scaled.Slice(j, 4));
        }

        for (; j < row.Length; j++) scaled[j] = row[j] * w[j];
    }

    private static double Entry512(ReadOnlySpan<double> xi, ReadOnlySpan<double> sk)
    {
        var acc = Entry512Lanes(xi, sk);
        return Combine(acc.GetLower() + acc.GetUpper());
    }

    private static double Entry256(ReadOnlySpan<double> xi, ReadOnlySpan<double> sk)
    {
        var acc = Entry256Lanes(xi, sk);
        return Combine(acc.GetLower() + acc.GetUpper());
    }

    /// <summary>The eight partial sums of a length that is a multiple of 8.</summary>
    private static Vector512<double> Entry512Lanes(ReadOnlySpan<double> xi, ReadOnlySpan<double> sk)
    {
        ref double a = ref MemoryMarshal.GetReference(xi);
        ref double s = ref MemoryMarshal.GetReference(sk);
        var acc = Vector512<double>.Zero;
        for (nuint j = 0; j < (nuint)xi.Length; j += 8)
            acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, j), Vector512.LoadUnsafe(ref s, j), acc);
        return acc;
    }

    /// <summary>The eight partial sums of a length that is a multiple of 8, as lanes 0–3 and 4–7 of two Vector256.</summary>
    private static Vector512<double> Entry256Lanes(ReadOnlySpan<double> xi, ReadOnlySpan<double> sk)
    {
        ref double a = ref MemoryMarshal.GetReference(xi);
        ref double s = ref MemoryMarshal.GetReference(sk);
        Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
        for (nuint j = 0; j < (nuint)xi.Length; j += 8)
        {
            lo = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, j), Vector256.LoadUnsafe(ref s, j), lo);
            hi = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, j + 4), Vector256.LoadUnsafe(ref s, j + 4), hi);
        }

        return Vector512.Create(lo, hi);
    }

    /// <summary>Entries (i0 + a, kb + b) for a, b in 0…3: each row chunk is loaded once for four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512(ReadOnlySpan<double> x, int i0, int stride, ReadOnlySpan<double> scaled, Span<double> gram, int rows, int kb)
    {
        ref double x0 = ref MemoryMarshal.GetReference(x.Slice(i0 * stride));
        ref double x1 = ref MemoryMarshal.GetReference(x.Slice((i0 + 1) * stride));
        ref double x2 = ref MemoryMarshal.GetReference(x.Slice((i0 + 2) * stride));
        ref double x3 = ref MemoryMarshal.GetReference(x.Slice((i0 + 3) * stride));
        ref double s0 = ref MemoryMarshal.GetReference(scaled);
        ref double s1 = ref MemoryMarshal.GetReference(scaled.Slice(stride));
        ref double s2 = ref MemoryMarshal.GetReference(scaled.Slice(2 * stride));
        ref double s3 = ref MemoryMarshal.GetReference(scaled.Slice(3 * stride));
        Vector512<double> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<double> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<double> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<double> a30 = default, a31 = default, a32 = default, a33 = default;
        for (nuint j = 0; j < (nuint)stride; j += 8)
        {
            var k0 = Vector512.LoadUnsafe(ref s0, j);
            var k1 = Vector512.LoadUnsafe(ref s1, j);
            var k2 = Vector512.LoadUnsafe(ref s2, j);
            var k3 = Vector512.LoadUnsafe(ref s3, j);
            var r = Vector512.LoadUnsafe(ref x0, j);
            a00 = Vector512.FusedMultiplyAdd(r, k0, a00);
            a01 = Vector512.FusedMultiplyAdd(r, k1, a01);
            a02 = Vector512.FusedMultiplyAdd(r, k2, a02);
            a03 = Vector512.FusedMultiplyAdd(r, k3, a03);
            r = Vector512.LoadUnsafe(ref x1, j);
            a10 = Vector512.FusedMultiplyAdd(r, k0, a10);
            a11 = Vector512.FusedMultiplyAdd(r, k1, a11);
            a12 = Vector512.FusedMultiplyAdd(r, k2, a12);
            a13 = Vector512.FusedMultiplyAdd(r, k3, a13);
            r = Vector512.LoadUnsafe(ref x2, j);
            a20 = Vector512.FusedMultiplyAdd(r, k0, a20);
            a21 = Vector512.FusedMultiplyAdd(r, k1, a21);
            a22 = Vector512.FusedMultiplyAdd(r, k2, a22);
            a23 = Vector512.FusedMultiplyAdd(r, k3, a23);
            r = Vector512.LoadUnsafe(ref x3, j);
            a30 = Vector512.FusedMultiplyAdd(r, k0, a30);
            a31 = Vector512.FusedMultiplyAdd(r, k1, a31);
            a32 = Vector512.FusedMultiplyAdd(r, k2, a32);
            a33 = Vector512.FusedMultiplyAdd(r, k3, a33);
        }

        // Only k ≤ i is stored; in a diagonal tile (i0 == kb) the entries above the diagonal are dropped.
        Store(gram, rows, i0, kb, 0, 0, a00); Store(gram, rows, i0, kb, 0, 1, a01); Store(gram, rows, i0, kb, 0, 2, a02); Store(gram, rows, i0, kb, 0, 3, a03);
        Store(gram, rows, i0, kb, 1, 0, a10); Store(gram, rows, i0, kb, 1, 1, a11); Store(gram, rows, i0, kb, 1, 2, a12); Store(gram, rows, i0, kb, 1, 3, a13);
        Store(gram, rows, i0, kb, 2, 0, a20); Store(gram, rows, i0, kb, 2, 1, a21); Store(gram, rows, i0, kb, 2, 2, a22); Store(gram, rows, i0, kb, 2, 3, a23);
        Store(gram, rows, i0, kb, 3, 0, a30); Store(gram, rows, i0, kb, 3, 1, a31); Store(gram, rows, i0, kb, 3, 2, a32); Store(gram, rows, i0, kb, 3, 3, a33);
    }

    private static void Store(Span<double> gram, int rows, int i0, int kb, int a, int b, Vector512<double> acc)
    {
        if (kb + b <= i0 + a) gram[(i0 + a) * rows + kb + b] = Combine(acc.GetLower() + acc.GetUpper());
    }
}
