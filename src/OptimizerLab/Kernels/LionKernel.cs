using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of a Lion update, computed in double, then rounded to T once.
/// State buffers: exp_avg.
/// </summary>
internal readonly record struct LionScalars<T>(
    OpeningScalars<T> Opening,
    T Beta1,
    T OneMinusBeta1,
    T Beta2,
    T OneMinusBeta2,
    T NegLr)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T expAvg, ref T unused1, ref T unused2, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        var m = TLanes.Load(ref expAvg, at);
        var c = m * TLanes.Splat(Beta1) + g * TLanes.Splat(OneMinusBeta1);
        (p + TLanes.Splat(NegLr) * TLanes.Sign(c)).Store(ref param, at);
        (m * TLanes.Splat(Beta2) + g * TLanes.Splat(OneMinusBeta2)).Store(ref expAvg, at);
    }
}

/// <summary>
/// One fused pass of Lion over a parameter. Per element:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: p = p * (1 - lr*wd)
/// c = m*beta1 + g*(1 - beta1)
/// p = p + (-lr)*sign(c)
/// m = m*beta2 + g*(1 - beta2)
/// </code>
/// </summary>
internal static class LionKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, in LionScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, expAvg);
}
