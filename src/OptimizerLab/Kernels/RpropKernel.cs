using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The scalars of an Rprop update, rounded to T once, as torch writes them into its tensors.
/// State buffers: prev, step_size.
/// </summary>
internal readonly record struct RpropScalars<T>(
    bool Maximize,
    T Etaminus,
    T Etaplus,
    T StepSizeMin,
    T StepSizeMax)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 2;

    public int Run<TLanes>(in ElementwiseSpans<T> spans, int start) where TLanes : struct, ILanes<TLanes, T> =>
        spans.Run<TLanes, Step<TLanes>>(new(this), start);

    private readonly struct Step<TLanes>(RpropScalars<T> s) : ILaneStep<T> where TLanes : struct, ILanes<TLanes, T>
    {
        private readonly GradientOpening<T, TLanes> _opening = new(s.Maximize, coupled: false, T.Zero);
        private readonly TLanes _zero = TLanes.Splat(T.Zero);
        private readonly TLanes _one = TLanes.Splat(T.One);
        private readonly TLanes _etaminus = TLanes.Splat(s.Etaminus);
        private readonly TLanes _etaplus = TLanes.Splat(s.Etaplus);
        private readonly TLanes _min = TLanes.Splat(s.StepSizeMin);
        private readonly TLanes _max = TLanes.Splat(s.StepSizeMax);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T param, ref T grad, ref T prev, ref T stepSize, ref T unused, nuint at)
        {
            _opening.Load(ref param, ref grad, at, out var p, out var g);
            // The sign of the product, not of each factor: torch multiplies first, so a product that underflows to 0 keeps the step size.
            var q = g * TLanes.Load(ref prev, at);
            var f = TLanes.Select(TLanes.GreaterThan(q, _zero), _etaplus, TLanes.Select(TLanes.LessThan(q, _zero), _etaminus, _one));
            var size = TLanes.Min(TLanes.Max(TLanes.Load(ref stepSize, at) * f, _min), _max);
            size.Store(ref stepSize, at);
            // torch zeroes where the factor equals etaminus, which is where the sign changed unless etaminus rounds to 1 in T.
            g = TLanes.Select(TLanes.LessThan(f, _etaminus), g, TLanes.Select(TLanes.GreaterThan(f, _etaminus), g, _zero));
            (p - TLanes.Sign(g) * size).Store(ref param, at);
            g.Store(ref prev, at);
        }
    }
}

/// <summary>
/// One fused pass of torch's <c>_single_tensor_rprop</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// q = g*prev
/// f = q &gt; 0 ? etaplus : q &lt; 0 ? etaminus : 1
/// s = min(max(s*f, step_size_min), step_size_max)
/// if f == etaminus: g = 0
/// p = p - sign(g)*s
/// prev = g
/// </code>
/// </summary>
internal static class RpropKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> prev, Span<T> stepSize, in RpropScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, prev, stepSize);
}
