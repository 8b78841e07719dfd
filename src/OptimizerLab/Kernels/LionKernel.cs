using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of Lion over a parameter, its scalars computed in double, then rounded to T once. State buffers:
/// exp_avg. Per element:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: p = p * (1 - lr*wd)
/// c = m*beta1 + g*(1 - beta1)
/// p = p + (-lr)*sign(c)
/// m = m*beta2 + g*(1 - beta2)
/// </code>
/// </summary>
internal readonly record struct LionScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T expAvg, ref T unused1, ref T unused2, nuint at)
    {
        var m = TLanes.Load(ref expAvg, at);
        var c = m * TLanes.Splat(Beta1) + g * TLanes.Splat(OneMinusBeta1);
        (m * TLanes.Splat(Beta2) + g * TLanes.Splat(OneMinusBeta2)).Store(ref expAvg, at);
        return p + TLanes.Splat(NegLr) * TLanes.Sign(c);
    }

    public required OpeningScalars<T> Opening { get; init; }
    public required T Beta1 { get; init; }
    public required T OneMinusBeta1 { get; init; }
    public required T Beta2 { get; init; }
    public required T OneMinusBeta2 { get; init; }
    public required T NegLr { get; init; }

    public bool Uses(int buffer) => buffer < 1;
}
