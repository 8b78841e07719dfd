using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// Four rows of a matrix at once, for least squares: four dot products with one vector, and four axpys into one
/// vector. Each result has the bits of the one-row kernels called row after row: <see cref="Dot4{T}"/> gives
/// <see cref="DotKernel.Dot{T}"/> of each row (same partials, same pairing, same tail), and <see cref="Axpy4{T}"/> gives
/// y += a0·x0, then += a1·x1, += a2·x2, += a3·x3 per element, which is four <see cref="AxpyKernel.Add{T}"/> calls in order.
/// </summary>
/// <remarks>
/// Why: one row at a time loads w once per row and streams y through L1 once per row. Four rows share each load of w
/// and each load and store of y, and keep the four rows (4·D values) in L1 between the forward and the backward pass.
/// Only the Vector512 path fuses the rows (it needs 8 accumulators plus operands, more than AVX2's 16 registers hold);
/// elsewhere the SIMD path calls the one-row kernels, which is the definition.
/// </remarks>
internal static class FourRowKernel
{
    /// <summary>dots[k] = x_k · w for k = 0…3, each in <see cref="DotKernel"/>'s order.</summary>
    public static void Dot4<T>(ReadOnlySpan<T> x0, ReadOnlySpan<T> x1, ReadOnlySpan<T> x2, ReadOnlySpan<T> x3, ReadOnlySpan<T> w, Span<T> dots, bool simd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (simd) Dot4Simd(x0, x1, x2, x3, w, dots);
        else Dot4Scalar(x0, x1, x2, x3, w, dots);
    }

    /// <summary>y = (((y + a0·x0) + a1·x1) + a2·x2) + a3·x3 per element, each product rounded before its add.</summary>
    public static void Axpy4<T>(Span<T> y, T a0, ReadOnlySpan<T> x0, T a1, ReadOnlySpan<T> x1, T a2, ReadOnlySpan<T> x2, T a3, ReadOnlySpan<T> x3, bool simd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (simd) Axpy4Simd(y, a0, x0, a1, x1, a2, x2, a3, x3);
        else Axpy4Scalar(y, a0, x0, a1, x1, a2, x2, a3, x3);
    }

    internal static void Dot4Scalar<T>(ReadOnlySpan<T> x0, ReadOnlySpan<T> x1, ReadOnlySpan<T> x2, ReadOnlySpan<T> x3, ReadOnlySpan<T> w, Span<T> dots)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        dots[0] = DotKernel.Scalar(x0, w);
        dots[1] = DotKernel.Scalar(x1, w);
        dots[2] = DotKernel.Scalar(x2, w);
        dots[3] = DotKernel.Scalar(x3, w);
    }

    internal static void Dot4Simd<T>(ReadOnlySpan<T> x0, ReadOnlySpan<T> x1, ReadOnlySpan<T> x2, ReadOnlySpan<T> x3, ReadOnlySpan<T> w, Span<T> dots)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Dot4Simd512(x0, x1, x2, x3, w, dots);
            return;
        }

        dots[0] = DotKernel.Simd256(x0, w);
        dots[1] = DotKernel.Simd256(x1, w);
        dots[2] = DotKernel.Simd256(x2, w);
        dots[3] = DotKernel.Simd256(x3, w);
    }

    /// <summary>Per row the accumulators of <see cref="DotKernel.Simd512{T}"/>; w's two vectors are loaded once for all four rows.</summary>
    internal static void Dot4Simd512<T>(ReadOnlySpan<T> x0, ReadOnlySpan<T> x1, ReadOnlySpan<T> x2, ReadOnlySpan<T> x3, ReadOnlySpan<T> w, Span<T> dots)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = w.Length;
        if (x0.Length != n || x1.Length != n || x2.Length != n || x3.Length != n || dots.Length < 4)
            throw new ArgumentException("Dot4 needs four rows as long as w and room for four results.");
        int half = Vector512<T>.Count;
        int block = 2 * half;
        int blockEnd = n - n % block;
        ref T wRef = ref MemoryMarshal.GetReference(w);
        ref T r0 = ref MemoryMarshal.GetReference(x0);
        ref T r1 = ref MemoryMarshal.GetReference(x1);
        ref T r2 = ref MemoryMarshal.GetReference(x2);
        ref T r3 = ref MemoryMarshal.GetReference(x3);
        Vector512<T> lo0 = default, hi0 = default, lo1 = default, hi1 = default;
        Vector512<T> lo2 = default, hi2 = default, lo3 = default, hi3 = default;
        for (int j = 0; j < blockEnd; j += block)
        {
            nuint at = (nuint)j, up = (nuint)(j + half);
            var wl = Vector512.LoadUnsafe(ref wRef, at);
            var wh = Vector512.LoadUnsafe(ref wRef, up);
            lo0 += Vector512.LoadUnsafe(ref r0, at) * wl;
            hi0 += Vector512.LoadUnsafe(ref r0, up) * wh;
            lo1 += Vector512.LoadUnsafe(ref r1, at) * wl;
            hi1 += Vector512.LoadUnsafe(ref r1, up) * wh;
            lo2 += Vector512.LoadUnsafe(ref r2, at) * wl;
            hi2 += Vector512.LoadUnsafe(ref r2, up) * wh;
            lo3 += Vector512.LoadUnsafe(ref r3, at) * wl;
            hi3 += Vector512.LoadUnsafe(ref r3, up) * wh;
        }

        // x·w and w·x round alike (multiplication commutes exactly), so these equal DotKernel.Dot(x_k, w).
        var p0 = lo0 + hi0;
        var p1 = lo1 + hi1;
        var p2 = lo2 + hi2;
        var p3 = lo3 + hi3;
        var l0 = p0.GetLower() + p0.GetUpper();
        var l1 = p1.GetLower() + p1.GetUpper();
        var l2 = p2.GetLower() + p2.GetUpper();
        var l3 = p3.GetLower() + p3.GetUpper();
        if (typeof(T) == typeof(float) && Sse.IsSupported)
        {
            Finish4(l0.As<T, float>(), l1.As<T, float>(), l2.As<T, float>(), l3.As<T, float>(),
                MemoryMarshal.Cast<T, float>(x0), MemoryMarshal.Cast<T, float>(x1), MemoryMarshal.Cast<T, float>(x2),
                MemoryMarshal.Cast<T, float>(x3), MemoryMarshal.Cast<T, float>(w), blockEnd, MemoryMarshal.Cast<T, float>(dots));
            return;
        }

        dots[0] = DotKernel.Finish(l0, x0, w, blockEnd);
        dots[1] = DotKernel.Finish(l1, x1, w, blockEnd);
        dots[2] = DotKernel.Finish(l2, x2, w, blockEnd);
        dots[3] = DotKernel.Finish(l3, x3, w, blockEnd);
    }

    /// <summary>
    /// <see cref="DotKernel.Finish{T}"/> for four float rows at once: the rows become the four lanes of one Vector128,
    /// so lane sums and tail terms are added column by column, one add per step for all rows. Per row that is the same
    /// sequence of additions (0 + lane 0 + … + lane 7 + x[B]·w[B] + …), but the four dependency chains run side by side.
    /// </summary>
    private static void Finish4(Vector256<float> l0, Vector256<float> l1, Vector256<float> l2, Vector256<float> l3,
        ReadOnlySpan<float> x0, ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, ReadOnlySpan<float> x3, ReadOnlySpan<float> w,
        int blockEnd, Span<float> dots)
    {
        var (c0, c1, c2, c3) = Transpose(l0.GetLower(), l1.GetLower(), l2.GetLower(), l3.GetLower());
        var (c4, c5, c6, c7) = Transpose(l0.GetUpper(), l1.GetUpper(), l2.GetUpper(), l3.GetUpper());
        var sum = Vector128<float>.Zero;
        sum += c0;
        sum += c1;
        sum += c2;
        sum += c3;
        sum += c4;
        sum += c5;
        sum += c6;
        sum += c7;
        for (int j = blockEnd; j < w.Length; j++)
            sum += Vector128.Create(x0[j], x1[j], x2[j], x3[j]) * Vector128.Create(w[j]);
        sum.CopyTo(dots);
    }

    /// <summary>Rows a0…a3 to columns: c_i = (a0[i], a1[i], a2[i], a3[i]).</summary>
    private static (Vector128<float>, Vector128<float>, Vector128<float>, Vector128<float>) Transpose(
        Vector128<float> a0, Vector128<float> a1, Vector128<float> a2, Vector128<float> a3)
    {
        var t0 = Sse.UnpackLow(a0, a1);   // a0[0] a1[0] a0[1] a1[1]
        var t1 = Sse.UnpackLow(a2, a3);   // a2[0] a3[0] a2[1] a3[1]
        var t2 = Sse.UnpackHigh(a0, a1);  // a0[2] a1[2] a0[3] a1[3]
        var t3 = Sse.UnpackHigh(a2, a3);  // a2[2] a3[2] a2[3] a3[3]
        return (Sse.MoveLowToHigh(t0, t1), Sse.MoveHighToLow(t1, t0), Sse.MoveLowToHigh(t2, t3), Sse.MoveHighToLow(t3, t2));
    }

    internal static void Axpy4Scalar<T>(Span<T> y, T a0, ReadOnlySpan<T> x0, T a1, ReadOnlySpan<T> x1, T a2, ReadOnlySpan<T> x2, T a3, ReadOnlySpan<T> x3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        AxpyKernel.Scalar(y, a0, x0);
        AxpyKernel.Scalar(y, a1, x1);
        AxpyKernel.Scalar(y, a2, x2);
        AxpyKernel.Scalar(y, a3, x3);
    }

    internal static void Axpy4Simd<T>(Span<T> y, T a0, ReadOnlySpan<T> x0, T a1, ReadOnlySpan<T> x1, T a2, ReadOnlySpan<T> x2, T a3, ReadOnlySpan<T> x3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Axpy4Loop<T>(y, a0, x0, a1, x1, a2, x2, a3, x3);
        KernelDispatch.RunSimd<T, Axpy4Loop<T>>(ref loop);
    }

    /// <summary>The fused loop body, once for every width: per element the four axpys in row order.</summary>
    internal readonly ref struct Axpy4Loop<T>(
        Span<T> y, T a0, ReadOnlySpan<T> x0, T a1, ReadOnlySpan<T> x1, T a2, ReadOnlySpan<T> x2, T a3, ReadOnlySpan<T> x3) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _y = y;
        private readonly ReadOnlySpan<T> _x0 = x0;
        private readonly ReadOnlySpan<T> _x1 = x1;
        private readonly ReadOnlySpan<T> _x2 = x2;
        private readonly ReadOnlySpan<T> _x3 = x3;
        private readonly (T A0, T A1, T A2, T A3) _a = (a0, a1, a2, a3);

        public int Length { get; } = KernelDispatch.CommonLength(y.Length, x0.Length, x1.Length, x2.Length, x3.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            var c0 = TLanes.Splat(_a.A0);
            var c1 = TLanes.Splat(_a.A1);
            var c2 = TLanes.Splat(_a.A2);
            var c3 = TLanes.Splat(_a.A3);
            ref T yRef = ref MemoryMarshal.GetReference(_y);
            ref T r0 = ref MemoryMarshal.GetReference(_x0);
            ref T r1 = ref MemoryMarshal.GetReference(_x1);
            ref T r2 = ref MemoryMarshal.GetReference(_x2);
            ref T r3 = ref MemoryMarshal.GetReference(_x3);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                var v = TLanes.Load(ref yRef, at) + c0 * TLanes.Load(ref r0, at);
                v += c1 * TLanes.Load(ref r1, at);
                v += c2 * TLanes.Load(ref r2, at);
                v += c3 * TLanes.Load(ref r3, at);
                v.Store(ref yRef, at);
            }

            return i;
        }
    }
}
