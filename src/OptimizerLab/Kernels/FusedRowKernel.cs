using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// Dot products and axpys over rows of a matrix with fused multiply-adds, for the problems' forward and backward passes:
/// one row, or a block of four (<see cref="FourRows{T}"/>) sharing each load of w and of y, and the backward of one
/// block with the forward of the next in a single pass (<see cref="Axpy4Dot4{T}"/>). The scalar reference, the
/// Vector256 path and the Vector512 path give the same bits on every CPU.
/// </summary>
/// <remarks>
/// <para>Why fused: one instruction and one rounding per multiply-add instead of two. The optimizer kernels keep
/// torch's unfused order (parity with torch); the problems have no such constraint, since torch's BLAS order is
/// unspecified anyway. Every fused multiply-add is correctly rounded (<see cref="FusedMultiplyAdd"/>), so only the
/// order of additions could make two paths differ, and it is fixed:</para>
/// <para><b>Dot</b>, with P = Vector512&lt;T&gt;.Count (16 floats, 8 doubles, whatever the hardware) and n elements:
/// elements [0, B₂), B₂ = n rounded down to a multiple of 2P, go to 2P partial sums, element j to partial j mod 2P, each
/// p ← fma(x[j], w[j], p) in index order from +0; one more chunk [B₂, B₁), B₁ = n rounded down to a multiple of P, goes
/// to partials 0…P−1 likewise; the partials are combined by halving, p[l] ← p[l] + p[l + h] for h = P, P/2, …, 1; then
/// the tail [B₁, n) is added one fma at a time. Halving is what adding a vector's two halves does, so two Vector512
/// accumulators, four Vector256 ones and the scalar array reach the same bits. Rows padded with zeros to a multiple of
/// P (as <see cref="AlignedBuffer{T}.PaddedStride"/> pads them, with w padded alike) have no tail, and the padding adds
/// exact zeros.</para>
/// <para><b>Axpy</b>: y[j] ← fma(a, x[j], y[j]), and for a block y[j] ← fma(a₃, x₃[j], fma(a₂, x₂[j], fma(a₁, x₁[j],
/// fma(a₀, x₀[j], y[j])))), rows in order: elementwise, so every width gives the reference's bits.</para>
/// </remarks>
internal static class FusedRowKernel
{
    /// <summary>x · w in the documented order.</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, bool simd) where T : unmanaged, IFloatingPointIeee754<T> =>
        !simd ? DotScalar(x, w) : Vector512.IsHardwareAccelerated ? DotSimd512(x, w) : DotSimd256(x, w);

    /// <summary>dots[k] = rows[k] · w for k = 0…3, each in the one-row order.</summary>
    public static void Dot4<T>(FourRows<T> rows, ReadOnlySpan<T> w, Span<T> dots, bool simd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!simd) Dot4Scalar(rows, w, dots);
        else if (Vector512.IsHardwareAccelerated) Dot4Simd512(rows, w, dots);
        else Dot4Simd256(rows, w, dots);
    }

    /// <summary>y ← y + a·x, one fma per element.</summary>
    public static void Axpy<T>(Span<T> y, T a, ReadOnlySpan<T> x, bool simd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (simd) AxpySimd(y, a, x, Vector512.IsHardwareAccelerated);
        else AxpyScalar(y, a, x);
    }

    /// <summary>y ← y + a[0]·rows[0] + … + a[3]·rows[3], one fma per term, in row order per element.</summary>
    public static void Axpy4<T>(Span<T> y, ReadOnlySpan<T> a, FourRows<T> rows, bool simd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (simd) Axpy4Simd(y, a, rows, Vector512.IsHardwareAccelerated);
        else Axpy4Scalar(y, a, rows);
    }

    /// <summary>
    /// <see cref="Axpy4{T}"/> of the block <paramref name="done"/>, then <see cref="Dot4{T}"/> of the block
    /// <paramref name="next"/>, with those bits. With Vector512 both run in one pass over the columns: the next rows
    /// stream in from L2 while the previous block, still in L1, goes into y, so X is fetched from L2 once per step.
    /// </summary>
    public static void Axpy4Dot4<T>(Span<T> y, ReadOnlySpan<T> a, FourRows<T> done, FourRows<T> next, ReadOnlySpan<T> w, Span<T> dots, bool simd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (simd && Vector512.IsHardwareAccelerated)
        {
            Axpy4Dot4Simd512(y, a, done, next, w, dots);
            return;
        }

        Axpy4(y, a, done, simd);
        Dot4(next, w, dots, simd);
    }

    internal static T DotScalar<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = CheckLength(x.Length, w.Length);
        int p = Vector512<T>.Count;
        int pairEnd = n - n % (2 * p), chunkEnd = n - n % p;
        Span<T> partial = stackalloc T[2 * p];
        partial.Clear();
        for (int j = 0; j < pairEnd; j++) partial[j % (2 * p)] = T.FusedMultiplyAdd(x[j], w[j], partial[j % (2 * p)]);
        for (int j = pairEnd; j < chunkEnd; j++) partial[j - pairEnd] = T.FusedMultiplyAdd(x[j], w[j], partial[j - pairEnd]);
        for (int h = p; h >= 1; h /= 2)
        {
            for (int l = 0; l < h; l++) partial[l] += partial[l + h];
        }

        return Tail(partial[0], x, w, chunkEnd);
    }

    internal static T DotSimd512<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = CheckLength(x.Length, w.Length);
        int p = Vector512<T>.Count;
        int pairEnd = n - n % (2 * p), chunkEnd = n - n % p;
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T wRef = ref MemoryMarshal.GetReference(w);
        Vector512<T> lo = default, hi = default;
        for (int j = 0; j < pairEnd; j += 2 * p)
        {
            nuint at = (nuint)j, up = (nuint)(j + p);
            lo = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref xRef, at), Vector512.LoadUnsafe(ref wRef, at), lo);
            hi = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref xRef, up), Vector512.LoadUnsafe(ref wRef, up), hi);
        }

        if (chunkEnd > pairEnd)
            lo = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref xRef, (nuint)pairEnd), Vector512.LoadUnsafe(ref wRef, (nuint)pairEnd), lo);
        return Tail(Halve(lo + hi), x, w, chunkEnd);
    }

    /// <summary>The 2P partials in four Vector256 accumulators: a₀ holds [0, W), a₁ [W, 2W), a₂ [2W, 3W), a₃ [3W, 4W), W = P/2.</summary>
    internal static T DotSimd256<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = CheckLength(x.Length, w.Length);
        int q = Vector256<T>.Count;
        int pairEnd = n - n % (4 * q), chunkEnd = n - n % (2 * q);
        ref T xRef = ref MemoryMarshal.GetReference(x);
        ref T wRef = ref MemoryMarshal.GetReference(w);
        Vector256<T> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int j = 0; j < pairEnd; j += 4 * q)
        {
            nuint at = (nuint)j;
            a0 = FusedMultiplyAdd.Apply(Vector256.LoadUnsafe(ref xRef, at), Vector256.LoadUnsafe(ref wRef, at), a0);
            a1 = FusedMultiplyAdd.Apply(Vector256.LoadUnsafe(ref xRef, at + (nuint)q), Vector256.LoadUnsafe(ref wRef, at + (nuint)q), a1);
            a2 = FusedMultiplyAdd.Apply(Vector256.LoadUnsafe(ref xRef, at + (nuint)(2 * q)), Vector256.LoadUnsafe(ref wRef, at + (nuint)(2 * q)), a2);
            a3 = FusedMultiplyAdd.Apply(Vector256.LoadUnsafe(ref xRef, at + (nuint)(3 * q)), Vector256.LoadUnsafe(ref wRef, at + (nuint)(3 * q)), a3);
        }

        if (chunkEnd > pairEnd)
        {
            nuint at = (nuint)pairEnd;
            a0 = FusedMultiplyAdd.Apply(Vector256.LoadUnsafe(ref xRef, at), Vector256.LoadUnsafe(ref wRef, at), a0);
            a1 = FusedMultiplyAdd.Apply(Vector256.LoadUnsafe(ref xRef, at + (nuint)q), Vector256.LoadUnsafe(ref wRef, at + (nuint)q), a1);
        }

        // h = P: [a₀|a₁] + [a₂|a₃]; h = P/2: its two Vector256 halves.
        return Tail(Halve((a0 + a2) + (a1 + a3)), x, w, chunkEnd);
    }

    internal static void Dot4Scalar<T>(FourRows<T> rows, ReadOnlySpan<T> w, Span<T> dots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckDots(dots);
        for (int k = 0; k < 4; k++) dots[k] = DotScalar(rows[k], w);
    }

    /// <summary>AVX2 holds 16 registers, too few for four rows' accumulators: one row after another.</summary>
    internal static void Dot4Simd256<T>(FourRows<T> rows, ReadOnlySpan<T> w, Span<T> dots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckDots(dots);
        for (int k = 0; k < 4; k++) dots[k] = DotSimd256(rows[k], w);
    }

    /// <summary>Per row the accumulators of <see cref="DotSimd512{T}"/>; each load of w serves all four rows.</summary>
    internal static void Dot4Simd512<T>(FourRows<T> rows, ReadOnlySpan<T> w, Span<T> dots) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = rows.CheckLength(w.Length);
        CheckDots(dots);
        int p = Vector512<T>.Count;
        int pairEnd = n - n % (2 * p), chunkEnd = n - n % p;
        ref T wRef = ref MemoryMarshal.GetReference(w);
        ref T r0 = ref MemoryMarshal.GetReference(rows.Row0);
        ref T r1 = ref MemoryMarshal.GetReference(rows.Row1);
        ref T r2 = ref MemoryMarshal.GetReference(rows.Row2);
        ref T r3 = ref MemoryMarshal.GetReference(rows.Row3);
        Vector512<T> lo0 = default, hi0 = default, lo1 = default, hi1 = default;
        Vector512<T> lo2 = default, hi2 = default, lo3 = default, hi3 = default;
        for (int j = 0; j < pairEnd; j += 2 * p)
        {
            nuint at = (nuint)j, up = (nuint)(j + p);
            var wl = Vector512.LoadUnsafe(ref wRef, at);
            var wh = Vector512.LoadUnsafe(ref wRef, up);
            lo0 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r0, at), wl, lo0);
            hi0 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r0, up), wh, hi0);
            lo1 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r1, at), wl, lo1);
            hi1 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r1, up), wh, hi1);
            lo2 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r2, at), wl, lo2);
            hi2 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r2, up), wh, hi2);
            lo3 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r3, at), wl, lo3);
            hi3 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r3, up), wh, hi3);
        }

        if (chunkEnd > pairEnd)
        {
            // The chunk [pairEnd, chunkEnd) goes to partials 0…P−1, before the pairing.
            nuint at = (nuint)pairEnd;
            var wc = Vector512.LoadUnsafe(ref wRef, at);
            lo0 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r0, at), wc, lo0);
            lo1 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r1, at), wc, lo1);
            lo2 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r2, at), wc, lo2);
            lo3 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r3, at), wc, lo3);
        }

        Finish4(rows, w, dots, chunkEnd, lo0 + hi0, lo1 + hi1, lo2 + hi2, lo3 + hi3);
    }

    /// <summary>The loops of <see cref="Axpy4Simd{T}"/> (on <paramref name="done"/>) and <see cref="Dot4Simd512{T}"/> (on <paramref name="next"/>) interleaved.</summary>
    internal static void Axpy4Dot4Simd512<T>(Span<T> y, ReadOnlySpan<T> a, FourRows<T> done, FourRows<T> next, ReadOnlySpan<T> w, Span<T> dots)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = next.CheckLength(CheckLength(y.Length, w.Length));
        done.CheckLength(n);
        CheckDots(dots);
        CheckCoefficients(a);
        int p = Vector512<T>.Count;
        int pairEnd = n - n % (2 * p), chunkEnd = n - n % p;
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T wRef = ref MemoryMarshal.GetReference(w);
        ref T d0 = ref MemoryMarshal.GetReference(done.Row0);
        ref T d1 = ref MemoryMarshal.GetReference(done.Row1);
        ref T d2 = ref MemoryMarshal.GetReference(done.Row2);
        ref T d3 = ref MemoryMarshal.GetReference(done.Row3);
        ref T r0 = ref MemoryMarshal.GetReference(next.Row0);
        ref T r1 = ref MemoryMarshal.GetReference(next.Row1);
        ref T r2 = ref MemoryMarshal.GetReference(next.Row2);
        ref T r3 = ref MemoryMarshal.GetReference(next.Row3);
        var c0 = Vector512.Create(a[0]);
        var c1 = Vector512.Create(a[1]);
        var c2 = Vector512.Create(a[2]);
        var c3 = Vector512.Create(a[3]);
        Vector512<T> lo0 = default, hi0 = default, lo1 = default, hi1 = default;
        Vector512<T> lo2 = default, hi2 = default, lo3 = default, hi3 = default;
        for (int j = 0; j < pairEnd; j += 2 * p)
        {
            nuint at = (nuint)j, up = (nuint)(j + p);
            var yl = FusedMultiplyAdd.Apply(c0, Vector512.LoadUnsafe(ref d0, at), Vector512.LoadUnsafe(ref yRef, at));
            var yh = FusedMultiplyAdd.Apply(c0, Vector512.LoadUnsafe(ref d0, up), Vector512.LoadUnsafe(ref yRef, up));
            var wl = Vector512.LoadUnsafe(ref wRef, at);
            var wh = Vector512.LoadUnsafe(ref wRef, up);
            lo0 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r0, at), wl, lo0);
            hi0 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r0, up), wh, hi0);
            yl = FusedMultiplyAdd.Apply(c1, Vector512.LoadUnsafe(ref d1, at), yl);
            yh = FusedMultiplyAdd.Apply(c1, Vector512.LoadUnsafe(ref d1, up), yh);
            lo1 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r1, at), wl, lo1);
            hi1 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r1, up), wh, hi1);
            yl = FusedMultiplyAdd.Apply(c2, Vector512.LoadUnsafe(ref d2, at), yl);
            yh = FusedMultiplyAdd.Apply(c2, Vector512.LoadUnsafe(ref d2, up), yh);
            lo2 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r2, at), wl, lo2);
            hi2 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r2, up), wh, hi2);
            yl = FusedMultiplyAdd.Apply(c3, Vector512.LoadUnsafe(ref d3, at), yl);
            yh = FusedMultiplyAdd.Apply(c3, Vector512.LoadUnsafe(ref d3, up), yh);
            lo3 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r3, at), wl, lo3);
            hi3 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r3, up), wh, hi3);
            yl.StoreUnsafe(ref yRef, at);
            yh.StoreUnsafe(ref yRef, up);
        }

        if (chunkEnd > pairEnd)
        {
            // The chunk [pairEnd, chunkEnd) goes to partials 0…P−1, before the pairing; y's chunk in the same visit
            // (a call to Axpy4Simd for these P elements cost as much as a tenth of the block's loop).
            nuint at = (nuint)pairEnd;
            var yc = FusedMultiplyAdd.Apply(c0, Vector512.LoadUnsafe(ref d0, at), Vector512.LoadUnsafe(ref yRef, at));
            var wc = Vector512.LoadUnsafe(ref wRef, at);
            lo0 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r0, at), wc, lo0);
            yc = FusedMultiplyAdd.Apply(c1, Vector512.LoadUnsafe(ref d1, at), yc);
            lo1 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r1, at), wc, lo1);
            yc = FusedMultiplyAdd.Apply(c2, Vector512.LoadUnsafe(ref d2, at), yc);
            lo2 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r2, at), wc, lo2);
            yc = FusedMultiplyAdd.Apply(c3, Vector512.LoadUnsafe(ref d3, at), yc);
            lo3 = FusedMultiplyAdd.Apply(Vector512.LoadUnsafe(ref r3, at), wc, lo3);
            yc.StoreUnsafe(ref yRef, at);
        }

        Finish4(next, w, dots, chunkEnd, lo0 + hi0, lo1 + hi1, lo2 + hi2, lo3 + hi3);

        // The tail of y (none on rows padded to whole vectors), elementwise as the axpy defines it.
        if (chunkEnd < n) new Axpy4Loop<T>(y, a, done).Run<OneLane<T>>(chunkEnd);
    }

    /// <summary>
    /// Ends four <see cref="DotSimd512{T}"/>s from their paired accumulators (lo + hi, the h = P step, taken after the chunk
    /// went into lo): the rest of the halving, then the tail.
    /// </summary>
    private static void Finish4<T>(FourRows<T> rows, ReadOnlySpan<T> w, Span<T> dots, int chunkEnd,
        Vector512<T> s0, Vector512<T> s1, Vector512<T> s2, Vector512<T> s3) where T : unmanaged, IFloatingPointIeee754<T>
    {
        dots[0] = Tail(Halve(s0), rows.Row0, w, chunkEnd);
        dots[1] = Tail(Halve(s1), rows.Row1, w, chunkEnd);
        dots[2] = Tail(Halve(s2), rows.Row2, w, chunkEnd);
        dots[3] = Tail(Halve(s3), rows.Row3, w, chunkEnd);
    }

    internal static void AxpyScalar<T>(Span<T> y, T a, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new AxpyLoop<T>(y, a, x);
        loop.Run<OneLane<T>>(0);
    }

    /// <summary>Vector512 groups (when <paramref name="wide"/>), then Vector256 ones, then one element at a time.</summary>
    internal static void AxpySimd<T>(Span<T> y, T a, ReadOnlySpan<T> x, bool wide) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new AxpyLoop<T>(y, a, x);
        RunSimd<T, AxpyLoop<T>>(ref loop, wide);
    }

    internal static void Axpy4Scalar<T>(Span<T> y, ReadOnlySpan<T> a, FourRows<T> rows) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Axpy4Loop<T>(y, a, rows);
        loop.Run<OneLane<T>>(0);
    }

    /// <summary>Vector512 groups (when <paramref name="wide"/>), then Vector256 ones, then one element at a time.</summary>
    internal static void Axpy4Simd<T>(Span<T> y, ReadOnlySpan<T> a, FourRows<T> rows, bool wide) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Axpy4Loop<T>(y, a, rows);
        RunSimd<T, Axpy4Loop<T>>(ref loop, wide);
    }

    private static void RunSimd<T, TLoop>(ref TLoop loop, bool wide)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLoop : ILaneLoop<T>, allows ref struct
    {
        int next = wide ? loop.Run<Lanes512<T>>(0) : 0;
        next = loop.Run<Lanes256<T>>(next);
        loop.Run<OneLane<T>>(next);
    }

    /// <summary>y ← fma(a, x, y), the body of <see cref="Axpy{T}"/> once for every width.</summary>
    private readonly ref struct AxpyLoop<T> : ILaneLoop<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _y;
        private readonly ReadOnlySpan<T> _x;
        private readonly T _a;

        public AxpyLoop(Span<T> y, T a, ReadOnlySpan<T> x)
        {
            Length = CheckLength(y.Length, x.Length);
            _y = y;
            _a = a;
            _x = x;
        }

        public int Length { get; }

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            var c = TLanes.Splat(_a);
            ref T yRef = ref MemoryMarshal.GetReference(_y);
            ref T xRef = ref MemoryMarshal.GetReference(_x);
            int j = start, n = Length; // a local: the stores to y could alias the field, which the JIT would then reload
            for (; j + TLanes.Count <= n; j += TLanes.Count)
                TLanes.FusedMultiplyAdd(c, TLanes.Load(ref xRef, (nuint)j), TLanes.Load(ref yRef, (nuint)j)).Store(ref yRef, (nuint)j);
            return j;
        }
    }

    /// <summary>y ← fma(a₃, x₃, fma(a₂, x₂, fma(a₁, x₁, fma(a₀, x₀, y)))), the body of <see cref="Axpy4{T}"/> once for every width.</summary>
    private readonly ref struct Axpy4Loop<T> : ILaneLoop<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _y;
        private readonly ReadOnlySpan<T> _a;
        private readonly FourRows<T> _rows;

        public Axpy4Loop(Span<T> y, ReadOnlySpan<T> a, FourRows<T> rows)
        {
            Length = rows.CheckLength(y.Length);
            CheckCoefficients(a);
            _y = y;
            _a = a;
            _rows = rows;
        }

        public int Length { get; }

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            ref T yRef = ref MemoryMarshal.GetReference(_y);
            ref T r0 = ref MemoryMarshal.GetReference(_rows.Row0);
            ref T r1 = ref MemoryMarshal.GetReference(_rows.Row1);
            ref T r2 = ref MemoryMarshal.GetReference(_rows.Row2);
            ref T r3 = ref MemoryMarshal.GetReference(_rows.Row3);
            var c0 = TLanes.Splat(_a[0]);
            var c1 = TLanes.Splat(_a[1]);
            var c2 = TLanes.Splat(_a[2]);
            var c3 = TLanes.Splat(_a[3]);
            int j = start, n = Length; // a local: the stores to y could alias the field, which the JIT would then reload
            for (; j + TLanes.Count <= n; j += TLanes.Count)
            {
                nuint at = (nuint)j;
                var v = TLanes.FusedMultiplyAdd(c0, TLanes.Load(ref r0, at), TLanes.Load(ref yRef, at));
                v = TLanes.FusedMultiplyAdd(c1, TLanes.Load(ref r1, at), v);
                v = TLanes.FusedMultiplyAdd(c2, TLanes.Load(ref r2, at), v);
                TLanes.FusedMultiplyAdd(c3, TLanes.Load(ref r3, at), v).Store(ref yRef, at);
            }

            return j;
        }
    }

    /// <summary>The halving steps h = P/2 and below of a Vector512's lanes.</summary>
    private static T Halve<T>(Vector512<T> v) where T : unmanaged, IFloatingPointIeee754<T> => Halve(v.GetLower() + v.GetUpper());

    private static T Halve<T>(Vector256<T> v) where T : unmanaged, IFloatingPointIeee754<T> => Halve(v.GetLower() + v.GetUpper());

    private static T Halve<T>(Vector128<T> v) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector128<T>.Count == 4 ? (v.GetElement(0) + v.GetElement(2)) + (v.GetElement(1) + v.GetElement(3)) : v.GetElement(0) + v.GetElement(1);

    private static T Tail<T>(T sum, ReadOnlySpan<T> x, ReadOnlySpan<T> w, int from) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = from; j < x.Length; j++) sum = T.FusedMultiplyAdd(x[j], w[j], sum);
        return sum;
    }

    private static int CheckLength(int length, int other)
    {
        if (other != length) throw new ArgumentException($"Every span of a fused row kernel must hold {length} elements; one holds {other}.");
        return length;
    }

    private static void CheckDots<T>(Span<T> dots)
    {
        if (dots.Length < 4) throw new ArgumentException($"A block of four rows needs room for four dot products, not {dots.Length}.");
    }

    private static void CheckCoefficients<T>(ReadOnlySpan<T> a)
    {
        if (a.Length != 4) throw new ArgumentException($"A block of four rows needs four coefficients, not {a.Length}.");
    }
}
