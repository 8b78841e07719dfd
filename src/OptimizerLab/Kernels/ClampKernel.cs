using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>
/// x = min(max(x, low), high) in place, as torch's <c>clamp_min_</c> then <c>clamp_max_</c>: NaN stays NaN.
/// Both paths compare and select (no hardware min/max, whose NaN rules differ by instruction set), so they give the same bits.
/// </summary>
internal static class ClampKernel
{
    public static void Clamp<T>(Span<T> values, T low, T high) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(values, low, high);
        else Scalar(values, low, high);
    }

    internal static void Scalar<T>(Span<T> values, T low, T high) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            T x = values[i];
            x = x < low ? low : x;
            values[i] = x > high ? high : x;
        }
    }

    internal static void Simd<T>(Span<T> values, T low, T high) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = values.Length - values.Length % width;
        ref T start = ref MemoryMarshal.GetReference(values);
        var lo = Vector256.Create(low);
        var hi = Vector256.Create(high);
        for (int i = 0; i < vectorEnd; i += width)
        {
            var x = Vector256.LoadUnsafe(ref start, (nuint)i);
            x = Vector256.ConditionalSelect(Vector256.LessThan(x, lo), lo, x);
            x = Vector256.ConditionalSelect(Vector256.GreaterThan(x, hi), hi, x);
            x.StoreUnsafe(ref start, (nuint)i);
        }

        Scalar(values[vectorEnd..], low, high);
    }
}
