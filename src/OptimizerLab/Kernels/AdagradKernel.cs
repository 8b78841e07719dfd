using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an Adagrad update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: sum.
/// </summary>
internal readonly record struct AdagradScalars<T>(
    OpeningScalars<T> Opening,
    T Eps,
    T NegClr)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T sum, ref T unused1, ref T unused2, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        var acc = TLanes.Load(ref sum, at) + g * g;
        acc.Store(ref sum, at);
        (p + TLanes.Splat(NegClr) * g / (TLanes.Sqrt(acc) + TLanes.Splat(Eps))).Store(ref param, at);
    }
}

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adagrad</c> (dense gradients) over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// sum = sum + g*g
/// p = p + ((-clr)*g)/(sqrt(sum) + eps)
/// </code>
/// </summary>
internal static class AdagradKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> sum, in AdagradScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, sum);
}
