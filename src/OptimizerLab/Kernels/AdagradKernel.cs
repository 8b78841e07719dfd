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

    public int Run<TLanes>(in ElementwiseSpans<T> spans, int start) where TLanes : struct, ILanes<TLanes, T> =>
        spans.Run<TLanes, Step<TLanes>>(new(this), start);

    private readonly struct Step<TLanes>(AdagradScalars<T> s) : ILaneStep<T> where TLanes : struct, ILanes<TLanes, T>
    {
        private readonly GradientOpening<T, TLanes> _opening = new(s.Opening);
        private readonly TLanes _eps = TLanes.Splat(s.Eps);
        private readonly TLanes _negClr = TLanes.Splat(s.NegClr);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T param, ref T grad, ref T sum, ref T unused1, ref T unused2, nuint at)
        {
            _opening.Load(ref param, ref grad, at, out var p, out var g);
            var acc = TLanes.Load(ref sum, at) + g * g;
            acc.Store(ref sum, at);
            (p + _negClr * g / (TLanes.Sqrt(acc) + _eps)).Store(ref param, at);
        }
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
