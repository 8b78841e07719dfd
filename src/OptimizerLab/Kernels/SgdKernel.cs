using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an SGD update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct SgdScalars<T>(
    bool Maximize,
    bool CoupledDecay,      // weight_decay != 0
    bool Momentum,          // momentum != 0
    bool FirstMomentumStep, // the buffer is torch's None: it becomes a copy of the gradient
    bool Nesterov,
    T WeightDecay,          // alpha of grad.add(param, alpha=weight_decay)
    T MomentumFactor,
    T OneMinusDampening,    // alpha of buf.add_(grad, alpha=1 - dampening)
    T NegLr);               // alpha of param.add_(grad, alpha=-lr)

/// <summary>
/// One fused pass of torch's <c>_single_tensor_sgd</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// if momentum != 0:
///     b = first ? g : b*momentum + (1 - dampening)*g
///     g = nesterov ? g + momentum*b : b
/// p = p + (-lr)*g
/// </code>
/// </summary>
internal static class SgdKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, in SgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, momentumBuffer, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width. <c>momentumBuffer</c> is read and written only with momentum.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, SgdScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _momentumBuffer = momentumBuffer;
        private readonly SgdScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, s.Momentum ? momentumBuffer.Length : param.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            SgdScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.CoupledDecay, s.WeightDecay);
            var momentum = TLanes.Splat(s.MomentumFactor);
            var oneMinusDampening = TLanes.Splat(s.OneMinusDampening);
            var negLr = TLanes.Splat(s.NegLr);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T bRef = ref MemoryMarshal.GetReference(_momentumBuffer);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                if (s.Momentum)
                {
                    var b = s.FirstMomentumStep ? g : TLanes.Load(ref bRef, at) * momentum + oneMinusDampening * g;
                    b.Store(ref bRef, at);
                    g = s.Nesterov ? g + momentum * b : b;
                }

                (p + negLr * g).Store(ref pRef, at);
            }

            return i;
        }
    }
}
