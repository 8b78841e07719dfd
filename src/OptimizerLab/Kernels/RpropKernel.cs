using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The scalars of an Rprop update, rounded to T once, as torch writes them into its tensors.</summary>
internal readonly record struct RpropScalars<T>(
    bool Maximize,
    T Etaminus,
    T Etaplus,
    T StepSizeMin,
    T StepSizeMax);

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
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, prev, stepSize, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> prev, Span<T> stepSize, RpropScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _prev = prev;
        private readonly Span<T> _stepSize = stepSize;
        private readonly RpropScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, prev.Length, stepSize.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            RpropScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, coupled: false, T.Zero);
            var zero = TLanes.Splat(T.Zero);
            var one = TLanes.Splat(T.One);
            var etaminus = TLanes.Splat(s.Etaminus);
            var etaplus = TLanes.Splat(s.Etaplus);
            var min = TLanes.Splat(s.StepSizeMin);
            var max = TLanes.Splat(s.StepSizeMax);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T prevRef = ref MemoryMarshal.GetReference(_prev);
            ref T sRef = ref MemoryMarshal.GetReference(_stepSize);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                // The sign of the product, not of each factor: torch multiplies first, so a product that underflows to 0 keeps the step size.
                var q = g * TLanes.Load(ref prevRef, at);
                var f = TLanes.Select(TLanes.GreaterThan(q, zero), etaplus, TLanes.Select(TLanes.LessThan(q, zero), etaminus, one));
                var size = TLanes.Min(TLanes.Max(TLanes.Load(ref sRef, at) * f, min), max);
                size.Store(ref sRef, at);
                // torch zeroes where the factor equals etaminus, which is where the sign changed unless etaminus rounds to 1 in T.
                g = TLanes.Select(TLanes.LessThan(f, etaminus), g, TLanes.Select(TLanes.GreaterThan(f, etaminus), g, zero));
                (p - TLanes.Sign(g) * size).Store(ref pRef, at);
                g.Store(ref prevRef, at);
            }

            return i;
        }
    }
}
