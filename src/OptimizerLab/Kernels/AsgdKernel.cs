using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an ASGD update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: ax.
/// </summary>
internal readonly record struct AsgdScalars<T>(
    bool Maximize,
    bool CoupledDecay, // weight_decay != 0
    bool Average,      // mu != 1; otherwise ax becomes a copy of p
    T WeightDecay,
    T DecayFactor,     // 1 - lambd*eta
    T NegEta,          // alpha of param.add_(grad, alpha=-eta)
    T Mu)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T ax, ref T unused1, ref T unused2, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        new OpeningScalars<T>(Maximize, false, CoupledDecay, T.One, WeightDecay).Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        p = p * TLanes.Splat(DecayFactor) + TLanes.Splat(NegEta) * g;
        p.Store(ref param, at);
        if (Average)
        {
            var a = TLanes.Load(ref ax, at);
            (a + (p - a) * TLanes.Splat(Mu)).Store(ref ax, at);
        }
        else
        {
            p.Store(ref ax, at);
        }
    }
}

/// <summary>
/// One fused pass of torch's <c>_single_tensor_asgd</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// p = p*(1 - lambd*eta)
/// p = p + (-eta)*g
/// ax = mu != 1 ? ax + (p - ax)*mu : p
/// </code>
/// </summary>
internal static class AsgdKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> ax, in AsgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, ax);
}
