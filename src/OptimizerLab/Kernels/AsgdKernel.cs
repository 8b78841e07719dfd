using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_asgd</c> over a parameter, its scalars computed in double as torch
/// computes them in Python, then rounded to T once. State buffers: ax. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// p = p*(1 - lambd*eta)
/// p = p + (-eta)*g
/// ax = mu != 1 ? ax + (p - ax)*mu : p
/// </code>
/// </summary>
internal readonly record struct AsgdScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T ax, ref T unused1, ref T unused2, nuint at)
    {
        p = p * TLanes.Splat(DecayFactor) + TLanes.Splat(NegEta) * g;
        if (Average)
        {
            var a = TLanes.Load(ref ax, at);
            (a + (p - a) * TLanes.Splat(Mu)).Store(ref ax, at);
        }
        else
        {
            p.Store(ref ax, at);
        }

        return p;
    }

    public required OpeningScalars<T> Opening { get; init; } // coupled decay only
    public required bool Average { get; init; }              // mu != 1; otherwise ax becomes a copy of p
    public required T DecayFactor { get; init; }             // 1 - lambd*eta
    public required T NegEta { get; init; }                  // alpha of param.add_(grad, alpha=-eta)
    public required T Mu { get; init; }

    public bool Uses(int buffer) => buffer < 1;
}
