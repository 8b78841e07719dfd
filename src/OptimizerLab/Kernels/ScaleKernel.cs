using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>x = x·factor in place (torch's <c>mul_</c> by a scalar), elementwise, so both paths give the same bits.</summary>
internal static class ScaleKernel
{
    public static void Multiply<T>(Span<T> values, T factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(values, factor);
        else Scalar(values, factor);
    }

    internal static void Scalar<T>(Span<T> values, T factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++) values[i] *= factor;
    }

    internal static void Simd<T>(Span<T> values, T factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = values.Length - values.Length % width;
        ref T start = ref MemoryMarshal.GetReference(values);
        var f = Vector256.Create(factor);
        for (int i = 0; i < vectorEnd; i += width)
            (Vector256.LoadUnsafe(ref start, (nuint)i) * f).StoreUnsafe(ref start, (nuint)i);

        Scalar(values[vectorEnd..], factor);
    }
}
