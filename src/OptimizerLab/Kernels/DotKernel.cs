using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>
/// Dot product in T with a fixed summation order, identical on every machine.
/// </summary>
/// <remarks>
/// Order: elements [0, B) with B = length rounded down to a multiple of 4·W (W = Vector256&lt;T&gt;.Count) go to 4·W
/// partial sums, element j to partial j mod 4W, each added in index order. Partials are combined lane by lane as
/// (p[l] + p[2W+l]) + (p[W+l] + p[3W+l]), the W lane sums are added in lane order, then the tail [B, n) is added one
/// element at a time. The four accumulators break the add latency chain; the scalar reference follows the same order.
/// The pairing is the one two Vector512 accumulators give ([p0|p1] + [p2|p3], then low half + high half), so the
/// 512-bit path (<see cref="Simd512{T}"/>) produces the very same bits as the 256-bit one and the scalar reference.
/// </remarks>
internal static class DotKernel
{
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.UseSimd ? Simd(a, b) : Scalar(a, b);

    internal static T Scalar<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        int blockEnd = BlockEnd<T>(a.Length);
        Span<T> partial = stackalloc T[4 * w];
        partial.Clear();
        for (int j = 0; j < blockEnd; j++) partial[j % partial.Length] += a[j] * b[j];

        T sum = T.Zero;
        for (int lane = 0; lane < w; lane++)
            sum += (partial[lane] + partial[2 * w + lane]) + (partial[w + lane] + partial[3 * w + lane]);
        for (int j = blockEnd; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }

    /// <summary>The widest SIMD path the hardware runs natively; all give the scalar reference's bits.</summary>
    internal static T Simd<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Vector512.IsHardwareAccelerated ? Simd512(a, b) : Simd256(a, b);

    internal static T Simd256<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        int blockEnd = BlockEnd<T>(a.Length);
        ref T aRef = ref MemoryMarshal.GetReference(a);
        ref T bRef = ref MemoryMarshal.GetReference(b);
        Vector256<T> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        for (int j = 0; j < blockEnd; j += 4 * w)
        {
            nuint at = (nuint)j;
            acc0 += Vector256.LoadUnsafe(ref aRef, at) * Vector256.LoadUnsafe(ref bRef, at);
            acc1 += Vector256.LoadUnsafe(ref aRef, at + (nuint)w) * Vector256.LoadUnsafe(ref bRef, at + (nuint)w);
            acc2 += Vector256.LoadUnsafe(ref aRef, at + (nuint)(2 * w)) * Vector256.LoadUnsafe(ref bRef, at + (nuint)(2 * w));
            acc3 += Vector256.LoadUnsafe(ref aRef, at + (nuint)(3 * w)) * Vector256.LoadUnsafe(ref bRef, at + (nuint)(3 * w));
        }

        return Finish((acc0 + acc2) + (acc1 + acc3), a, b, blockEnd);
    }

    /// <summary>
    /// Two Vector512 accumulators: lo holds partials [0, 2W) and hi partials [2W, 4W), so lo + hi is
    /// [p0+p2 | p1+p3] and its low half plus its high half is (p0+p2) + (p1+p3), the documented pairing.
    /// </summary>
    internal static T Simd512<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w2 = Vector512<T>.Count; // 2W
        int blockEnd = BlockEnd<T>(a.Length);
        ref T aRef = ref MemoryMarshal.GetReference(a);
        ref T bRef = ref MemoryMarshal.GetReference(b);
        Vector512<T> lo = default, hi = default;
        for (int j = 0; j < blockEnd; j += 2 * w2)
        {
            nuint at = (nuint)j;
            lo += Vector512.LoadUnsafe(ref aRef, at) * Vector512.LoadUnsafe(ref bRef, at);
            hi += Vector512.LoadUnsafe(ref aRef, at + (nuint)w2) * Vector512.LoadUnsafe(ref bRef, at + (nuint)w2);
        }

        var pairs = lo + hi;
        return Finish(pairs.GetLower() + pairs.GetUpper(), a, b, blockEnd);
    }

    /// <summary>B: the end of the whole blocks of 4·W elements, which go to the partial sums; the tail after it is added one element at a time.</summary>
    private static int BlockEnd<T>(int length) where T : unmanaged, IFloatingPointIeee754<T> => length - length % (4 * Vector256<T>.Count);

    /// <summary>Adds the W lane sums in lane order, then the tail one element at a time.</summary>
    internal static T Finish<T>(Vector256<T> lanes, ReadOnlySpan<T> a, ReadOnlySpan<T> b, int blockEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int lane = 0; lane < Vector256<T>.Count; lane++) sum += lanes.GetElement(lane);
        for (int j = blockEnd; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }
}
