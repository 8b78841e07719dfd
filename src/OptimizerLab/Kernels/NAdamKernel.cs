using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an NAdam update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct NAdamScalars<T>(
    bool Maximize,
    bool DecoupledDecay,
    bool CoupledDecay,
    T DecayFactor,        // decoupled: 1 - lr * weight_decay
    T WeightDecay,        // coupled: alpha of grad.add(param, alpha=weight_decay)
    T OneMinusBeta1,      // lerp weight
    T Beta2,
    T OneMinusBeta2,
    T BiasCorrection2,    // 1 - beta2^t; torch divides v by it before the square root
    T Eps,
    T GradCoefficient,    // -lr*(1 - mu_t) / (1 - mu_product_t)
    T ExpAvgCoefficient); // (-lr*mu_{t+1}) / (1 - mu_product_t*mu_{t+1})

/// <summary>
/// One fused pass of torch's <c>_single_tensor_nadam</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if decoupled: p = p * (1 - lr*wd)      elif wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)
/// v = v*beta2 + ((1 - beta2)*g)*g
/// denom = sqrt(v / bc2) + eps
/// p = p + (c_g*g)/denom
/// p = p + (c_m*m)/denom
/// </code>
/// </summary>
internal static class NAdamKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, in NAdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, expAvg, expAvgSq, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, NAdamScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _expAvg = expAvg;
        private readonly Span<T> _expAvgSq = expAvgSq;
        private readonly NAdamScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, expAvg.Length, expAvgSq.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            NAdamScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.DecoupledDecay, s.CoupledDecay, s.DecayFactor, s.WeightDecay);
            var moments = new AdamMoments<T, TLanes>(s.OneMinusBeta1, s.Beta2, s.OneMinusBeta2);
            var bc2 = TLanes.Splat(s.BiasCorrection2);
            var eps = TLanes.Splat(s.Eps);
            var gradCoefficient = TLanes.Splat(s.GradCoefficient);
            var expAvgCoefficient = TLanes.Splat(s.ExpAvgCoefficient);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T mRef = ref MemoryMarshal.GetReference(_expAvg);
            ref T vRef = ref MemoryMarshal.GetReference(_expAvgSq);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                moments.Update(ref mRef, ref vRef, at, g, out var m, out var v);

                var denom = TLanes.Sqrt(v / bc2) + eps;
                p += gradCoefficient * g / denom;
                (p + expAvgCoefficient * m / denom).Store(ref pRef, at);
            }

            return i;
        }
    }
}
