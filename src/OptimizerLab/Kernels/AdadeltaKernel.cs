using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an Adadelta update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: square_avg, acc_delta.
/// </summary>
internal readonly record struct AdadeltaScalars<T>(
    OpeningScalars<T> Opening,
    T Rho,
    T OneMinusRho,
    T Eps,
    T NegLr)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T squareAvg, ref T accDelta, ref T unused, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        var rho = TLanes.Splat(Rho);
        var oneMinusRho = TLanes.Splat(OneMinusRho);
        var eps = TLanes.Splat(Eps);
        var v = TLanes.Load(ref squareAvg, at) * rho + oneMinusRho * g * g;
        v.Store(ref squareAvg, at);
        var u = TLanes.Load(ref accDelta, at);
        var delta = TLanes.Sqrt(u + eps) / TLanes.Sqrt(v + eps) * g;
        (u * rho + oneMinusRho * delta * delta).Store(ref accDelta, at);
        (p + TLanes.Splat(NegLr) * delta).Store(ref param, at);
    }
}

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
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, squareAvg, accDelta);
}
