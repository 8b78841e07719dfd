using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adagrad</c> (dense gradients) over a parameter, its scalars computed in
/// double as torch computes them in Python, then rounded to T once. State buffers: sum. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// sum = sum + g*g
/// p = p + ((-clr)*g)/(sqrt(sum) + eps)
/// </code>
/// </summary>
internal readonly record struct AdagradScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T sum, ref T unused1, ref T unused2, nuint at)
    {
        var acc = TLanes.Load(ref sum, at) + g * g;
        acc.Store(ref sum, at);
        return p + TLanes.Splat(NegClr) * g / (TLanes.Sqrt(acc) + TLanes.Splat(Eps));
    }

    public required OpeningScalars<T> Opening { get; init; }
    public required T Eps { get; init; }
    public required T NegClr { get; init; }

    public bool Uses(int buffer) => buffer < 1;
}
