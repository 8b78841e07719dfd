using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adamax</c> over a parameter, its scalars computed in double as torch
/// computes them in Python, then rounded to T once. State buffers: exp_avg, exp_inf. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)
/// u = max(u*beta2, |g| + eps)          (torch.maximum: NaN propagates)
/// p = p + ((-clr)*m)/u
/// </code>
/// </summary>
internal readonly record struct AdamaxScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T expAvg, ref T expInf, ref T unused, nuint at)
    {
        var m = TorchLerp.Apply(TLanes.Load(ref expAvg, at), g, OneMinusBeta1);
        var u = TLanes.Max(TLanes.Load(ref expInf, at) * TLanes.Splat(Beta2), TLanes.Abs(g) + TLanes.Splat(Eps));
        m.Store(ref expAvg, at);
        u.Store(ref expInf, at);
        return p + TLanes.Splat(NegClr) * m / u;
    }

    public required OpeningScalars<T> Opening { get; init; }
    public required T OneMinusBeta1 { get; init; }           // lerp weight
    public required T Beta2 { get; init; }
    public required T Eps { get; init; }
    public required T NegClr { get; init; }

    public bool Uses(int buffer) => buffer < 2;
}
