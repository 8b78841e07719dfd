using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an Adamax update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: exp_avg, exp_inf.
/// </summary>
internal readonly record struct AdamaxScalars<T>(
    OpeningScalars<T> Opening,
    T OneMinusBeta1,    // lerp weight
    T Beta2,
    T Eps,
    T NegClr)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T expAvg, ref T expInf, ref T unused, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        var m = TorchLerp.Apply(TLanes.Load(ref expAvg, at), g, OneMinusBeta1);
        var u = TLanes.Max(TLanes.Load(ref expInf, at) * TLanes.Splat(Beta2), TLanes.Abs(g) + TLanes.Splat(Eps));
        m.Store(ref expAvg, at);
        u.Store(ref expInf, at);
        (p + TLanes.Splat(NegClr) * m / u).Store(ref param, at);
    }
}

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adamax</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)
/// u = max(u*beta2, |g| + eps)          (torch.maximum: NaN propagates)
/// p = p + ((-clr)*m)/u
/// </code>
/// </summary>
internal static class AdamaxKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expInf, in AdamaxScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, expAvg, expInf);
}
