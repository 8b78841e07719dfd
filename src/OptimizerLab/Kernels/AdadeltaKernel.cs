using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adadelta update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct AdadeltaScalars<T>(
    bool Maximize,
    bool CoupledDecay, // weight_decay != 0
    T WeightDecay,
    T Rho,
    T OneMinusRho,
    T Eps,
    T NegLr);

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adadelta</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// v = v*rho + ((1 - rho)*g)*g
/// delta = (sqrt(u + eps) / sqrt(v + eps)) * g
/// u = u*rho + ((1 - rho)*delta)*delta
/// p = p + (-lr)*delta
/// </code>
/// </summary>
internal static class AdadeltaKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> accDelta, in AdadeltaScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(param, grad, squareAvg, accDelta, s);
        else Scalar(param, grad, squareAvg, accDelta, s);
    }

    internal static void Scalar<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> accDelta, in AdadeltaScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < param.Length; i++)
        {
            T p = param[i];
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.CoupledDecay) g += s.WeightDecay * p;

            T v = squareAvg[i] * s.Rho + s.OneMinusRho * g * g;
            squareAvg[i] = v;
            T u = accDelta[i];
            T delta = T.Sqrt(u + s.Eps) / T.Sqrt(v + s.Eps) * g;
            accDelta[i] = u * s.Rho + s.OneMinusRho * delta * delta;
            param[i] = p + s.NegLr * delta;
        }
    }

    internal static void Simd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> accDelta, in AdadeltaScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = param.Length - param.Length % width;
        ref T pRef = ref MemoryMarshal.GetReference(param);
        ref T gRef = ref MemoryMarshal.GetReference(grad);
        ref T vRef = ref MemoryMarshal.GetReference(squareAvg);
        ref T uRef = ref MemoryMarshal.GetReference(accDelta);

        var weightDecay = Vector256.Create(s.WeightDecay);
        var rho = Vector256.Create(s.Rho);
        var oneMinusRho = Vector256.Create(s.OneMinusRho);
        var eps = Vector256.Create(s.Eps);
        var negLr = Vector256.Create(s.NegLr);

        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint at = (nuint)i;
            var p = Vector256.LoadUnsafe(ref pRef, at);
            var g = Vector256.LoadUnsafe(ref gRef, at);
            if (s.Maximize) g = -g;
            if (s.CoupledDecay) g += weightDecay * p;

            var v = Vector256.LoadUnsafe(ref vRef, at) * rho + oneMinusRho * g * g;
            v.StoreUnsafe(ref vRef, at);
            var u = Vector256.LoadUnsafe(ref uRef, at);
            var delta = Vector256.Sqrt(u + eps) / Vector256.Sqrt(v + eps) * g;
            (u * rho + oneMinusRho * delta * delta).StoreUnsafe(ref uRef, at);
            (p + negLr * delta).StoreUnsafe(ref pRef, at);
        }

        Scalar(param[vectorEnd..], grad[vectorEnd..], squareAvg[vectorEnd..], accDelta[vectorEnd..], s);
    }
}
