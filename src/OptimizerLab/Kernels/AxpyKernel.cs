using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>y = y + alpha·x elementwise (BLAS axpy), with alpha·x rounded before the add, no FMA.</summary>
/// <remarks>Elementwise, so every vector width gives the scalar reference's bits; the widest native one is used.</remarks>
internal static class AxpyKernel
{
    public static void Add<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(y, alpha, x);
        else Scalar(y, alpha, x);
    }

    internal static void Scalar<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++) y[i] += alpha * x[i];
    }

    internal static void Simd<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated) Simd512(y, alpha, x);
        else Simd256(y, alpha, x);
    }

    internal static void Simd256<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        int end = y.Length - y.Length % w;
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T xRef = ref MemoryMarshal.GetReference(x);
        var a = Vector256.Create(alpha);
        for (int i = 0; i < end; i += w)
            (Vector256.LoadUnsafe(ref yRef, (nuint)i) + a * Vector256.LoadUnsafe(ref xRef, (nuint)i)).StoreUnsafe(ref yRef, (nuint)i);
        for (int i = end; i < y.Length; i++) y[i] += alpha * x[i];
    }

    internal static void Simd512<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        int end = y.Length - y.Length % w;
        ref T yRef = ref MemoryMarshal.GetReference(y);
        ref T xRef = ref MemoryMarshal.GetReference(x);
        var a = Vector512.Create(alpha);
        for (int i = 0; i < end; i += w)
            (Vector512.LoadUnsafe(ref yRef, (nuint)i) + a * Vector512.LoadUnsafe(ref xRef, (nuint)i)).StoreUnsafe(ref yRef, (nuint)i);
        Simd256(y[end..], alpha, x[end..]);
    }
}
