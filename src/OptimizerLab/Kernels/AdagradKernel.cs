using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adagrad update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct AdagradScalars<T>(
    bool Maximize,
    bool CoupledDecay, // weight_decay != 0
    T WeightDecay,
    T Eps,
    T NegClr);         // -lr / (1 + (step - 1)*lr_decay)

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
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, sum, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> sum, AdagradScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _sum = sum;
        private readonly AdagradScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, sum.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            AdagradScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.CoupledDecay, s.WeightDecay);
            var eps = TLanes.Splat(s.Eps);
            var negClr = TLanes.Splat(s.NegClr);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T sumRef = ref MemoryMarshal.GetReference(_sum);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                var acc = TLanes.Load(ref sumRef, at) + g * g;
                acc.Store(ref sumRef, at);
                (p + negClr * g / (TLanes.Sqrt(acc) + eps)).Store(ref pRef, at);
            }

            return i;
        }
    }
}
