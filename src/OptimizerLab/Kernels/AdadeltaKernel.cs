using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adadelta</c> over a parameter, its scalars computed in double as torch
/// computes them in Python, then rounded to T once. State buffers: square_avg, acc_delta. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// v = v*rho + ((1 - rho)*g)*g
/// delta = (sqrt(u + eps) / sqrt(v + eps)) * g
/// u = u*rho + ((1 - rho)*delta)*delta
/// p = p + (-lr)*delta
/// </code>
/// </summary>
internal readonly record struct AdadeltaScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T squareAvg, ref T accDelta, ref T unused, nuint at)
    {
        var rho = TLanes.Splat(Rho);
        var oneMinusRho = TLanes.Splat(OneMinusRho);
        var eps = TLanes.Splat(Eps);
        var v = TLanes.Load(ref squareAvg, at) * rho + oneMinusRho * g * g;
        v.Store(ref squareAvg, at);
        var u = TLanes.Load(ref accDelta, at);
        var delta = TLanes.Sqrt(u + eps) / TLanes.Sqrt(v + eps) * g;
        (u * rho + oneMinusRho * delta * delta).Store(ref accDelta, at);
        return p + TLanes.Splat(NegLr) * delta;
    }

    public required OpeningScalars<T> Opening { get; init; }
    public required T Rho { get; init; }
    public required T OneMinusRho { get; init; }
    public required T Eps { get; init; }
    public required T NegLr { get; init; }

    public bool Uses(int buffer) => buffer < 2;
}
