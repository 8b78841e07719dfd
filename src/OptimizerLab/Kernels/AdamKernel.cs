using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adam update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct AdamScalars<T>(
    bool Maximize,
    bool DecoupledDecay,
    bool CoupledDecay,
    bool Amsgrad,
    T DecayFactor,      // decoupled: 1 - lr * weight_decay
    T WeightDecay,      // coupled: alpha of grad.add(param, alpha=weight_decay)
    T OneMinusBeta1,    // lerp weight
    T Beta2,
    T OneMinusBeta2,
    T BiasCorrection2Sqrt,
    T Eps,
    T NegStepSize);     // -lr / bias_correction1

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adam</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if decoupled: p = p * (1 - lr*wd)      elif wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)              (torch's lerp: m + w*(g - m) for w &lt; 0.5, else g - (g - m)*(1 - w))
/// v = v*beta2 + ((1 - beta2)*g)*g
/// if amsgrad: vmax = max(vmax, v); v' = vmax   else v' = v
/// p = p + ((-lr/bc1) * m) / (sqrt(v')/sqrt(bc2) + eps)
/// </code>
/// </summary>
internal static class AdamKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, expAvg, expAvgSq, maxExpAvgSq, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width. <c>maxExpAvgSq</c> is read and written only with amsgrad.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, AdamScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _expAvg = expAvg;
        private readonly Span<T> _expAvgSq = expAvgSq;
        private readonly Span<T> _maxExpAvgSq = maxExpAvgSq;
        private readonly AdamScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(
            param.Length, grad.Length, expAvg.Length, expAvgSq.Length, s.Amsgrad ? maxExpAvgSq.Length : param.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            AdamScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.DecoupledDecay, s.CoupledDecay, s.DecayFactor, s.WeightDecay);
            var moments = new AdamMoments<T, TLanes>(s.OneMinusBeta1, s.Beta2, s.OneMinusBeta2);
            var bc2Sqrt = TLanes.Splat(s.BiasCorrection2Sqrt);
            var eps = TLanes.Splat(s.Eps);
            var negStepSize = TLanes.Splat(s.NegStepSize);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T mRef = ref MemoryMarshal.GetReference(_expAvg);
            ref T vRef = ref MemoryMarshal.GetReference(_expAvgSq);
            ref T vmaxRef = ref MemoryMarshal.GetReference(_maxExpAvgSq);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                moments.Update(ref mRef, ref vRef, at, g, out var m, out var v);
                if (s.Amsgrad)
                {
                    v = TLanes.Max(TLanes.Load(ref vmaxRef, at), v);
                    v.Store(ref vmaxRef, at);
                }

                var denom = TLanes.Sqrt(v) / bc2Sqrt + eps;
                (p + negStepSize * m / denom).Store(ref pRef, at);
            }

            return i;
        }
    }
}
