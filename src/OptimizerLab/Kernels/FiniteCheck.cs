using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>Finds the first NaN or infinity in a span.</summary>
internal static class FiniteCheck
{
    public static int IndexOfNonFinite<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.UseSimd ? Simd(values) : Scalar(values);

    internal static int Scalar<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i])) return i;
        }

        return -1;
    }

    internal static int Simd<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T start = ref MemoryMarshal.GetReference(values);
        int width = Vector256<T>.Count;
        int i = 0;
        for (; i <= values.Length - width; i += width)
        {
            // x - x is 0 for finite x and NaN for NaN and both infinities.
            var v = Vector256.LoadUnsafe(ref start, (nuint)i);
            if (!Vector256.EqualsAll(v - v, Vector256<T>.Zero)) break;
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i])) return i;
        }

        return -1;
    }
}
