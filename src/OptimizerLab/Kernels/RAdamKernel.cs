using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an RAdam update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct RAdamScalars<T>(
    bool Maximize,
    bool DecoupledDecay,
    bool CoupledDecay,
    bool Rectified,            // rho_t > 5
    T DecayFactor,             // decoupled: 1 - lr * weight_decay
    T WeightDecay,             // coupled: alpha of grad.add(param, alpha=weight_decay)
    T OneMinusBeta1,           // lerp weight
    T Beta2,
    T OneMinusBeta2,
    T BiasCorrection1,         // 1 - beta1^t
    T Lr,
    T Eps,
    T BiasCorrection2Sqrt,     // (1 - beta2^t)^0.5
    T Rectification);          // r_t

/// <summary>
/// One fused pass of torch's <c>_single_tensor_radam</c> (capturable off) over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if decoupled: p = p * (1 - lr*wd)      elif wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)
/// v = v*beta2 + ((1 - beta2)*g)*g
/// m̂ = m / bc1
/// if rho_t &gt; 5: p = p - ((m̂*lr) * ((1/(sqrt(v) + eps)) * sqrt(bc2))) * r_t
/// else:          p = p - m̂*lr
/// </code>
/// torch writes the adaptive term as <c>bc2**0.5 / (sqrt(v) + eps)</c>, a Python number divided by a tensor, which torch
/// evaluates as <c>reciprocal(tensor) * number</c>; the kernel does the same.
/// </summary>
internal static class RAdamKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, in RAdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, expAvg, expAvgSq, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, RAdamScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _expAvg = expAvg;
        private readonly Span<T> _expAvgSq = expAvgSq;
        private readonly RAdamScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, expAvg.Length, expAvgSq.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            RAdamScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.DecoupledDecay, s.CoupledDecay, s.DecayFactor, s.WeightDecay);
            var moments = new AdamMoments<T, TLanes>(s.OneMinusBeta1, s.Beta2, s.OneMinusBeta2);
            var bc1 = TLanes.Splat(s.BiasCorrection1);
            var lr = TLanes.Splat(s.Lr);
            var one = TLanes.Splat(T.One);
            var eps = TLanes.Splat(s.Eps);
            var bc2Sqrt = TLanes.Splat(s.BiasCorrection2Sqrt);
            var rectification = TLanes.Splat(s.Rectification);

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

                var step = m / bc1 * lr;
                if (s.Rectified)
                {
                    var adaptiveLr = one / (TLanes.Sqrt(v) + eps) * bc2Sqrt;
                    step = step * adaptiveLr * rectification;
                }

                (p - step).Store(ref pRef, at);
            }

            return i;
        }
    }
}
