using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels.Lanes;

/// <summary>
/// a·b + c with one rounding, for vectors of a generic float or double. .NET's vector FusedMultiplyAdd is "rounded as
/// one ternary operation" on every path (the FMA instruction, or a correctly rounded software fma per lane where the
/// hardware lacks it), exactly as <see cref="IFloatingPointIeee754{T}.FusedMultiplyAdd"/> rounds a scalar, so a vector
/// lane and the scalar reference agree bit for bit. Not <c>MultiplyAddEstimate</c>, which may round twice.
/// </summary>
internal static class FusedMultiplyAdd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Apply<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        throw Unsupported<T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Apply<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        throw Unsupported<T>();
    }

    private static NotSupportedException Unsupported<T>() =>
        new($"The fused kernels run on float and double, not {typeof(T).Name}.");
}
