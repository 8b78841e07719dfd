using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adamax update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct AdamaxScalars<T>(
    bool Maximize,
    bool CoupledDecay,  // weight_decay != 0
    T WeightDecay,
    T OneMinusBeta1,    // lerp weight
    T Beta2,
    T Eps,
    T NegClr);          // -lr / (1 - beta1^t)

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
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, expAvg, expInf, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expInf, AdamaxScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _expAvg = expAvg;
        private readonly Span<T> _expInf = expInf;
        private readonly AdamaxScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, expAvg.Length, expInf.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            AdamaxScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.CoupledDecay, s.WeightDecay);
            var lerp = new TorchLerp<T, TLanes>(s.OneMinusBeta1);
            var beta2 = TLanes.Splat(s.Beta2);
            var eps = TLanes.Splat(s.Eps);
            var negClr = TLanes.Splat(s.NegClr);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T mRef = ref MemoryMarshal.GetReference(_expAvg);
            ref T uRef = ref MemoryMarshal.GetReference(_expInf);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                var m = lerp.Apply(TLanes.Load(ref mRef, at), g);
                var u = TLanes.Max(TLanes.Load(ref uRef, at) * beta2, TLanes.Abs(g) + eps);
                m.Store(ref mRef, at);
                u.Store(ref uRef, at);
                (p + negClr * m / u).Store(ref pRef, at);
            }

            return i;
        }
    }
}
