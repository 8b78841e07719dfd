using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of a Lion update, computed in double, then rounded to T once.</summary>
internal readonly record struct LionScalars<T>(
    bool Maximize,
    bool Decay,           // weight_decay != 0
    T DecayFactor,        // 1 - lr * weight_decay
    T Beta1,
    T OneMinusBeta1,
    T Beta2,
    T OneMinusBeta2,
    T NegLr);

/// <summary>
/// One fused pass of Lion over a parameter. Per element:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: p = p * (1 - lr*wd)
/// c = m*beta1 + g*(1 - beta1)
/// p = p + (-lr)*sign(c)
/// m = m*beta2 + g*(1 - beta2)
/// </code>
/// </summary>
internal static class LionKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, in LionScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, expAvg, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, LionScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _expAvg = expAvg;
        private readonly LionScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, expAvg.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            LionScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.Decay, coupled: false, s.DecayFactor, T.Zero);
            var beta1 = TLanes.Splat(s.Beta1);
            var oneMinusBeta1 = TLanes.Splat(s.OneMinusBeta1);
            var beta2 = TLanes.Splat(s.Beta2);
            var oneMinusBeta2 = TLanes.Splat(s.OneMinusBeta2);
            var negLr = TLanes.Splat(s.NegLr);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T mRef = ref MemoryMarshal.GetReference(_expAvg);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                var m = TLanes.Load(ref mRef, at);
                var c = m * beta1 + g * oneMinusBeta1;
                (p + negLr * TLanes.Sign(c)).Store(ref pRef, at);
                (m * beta2 + g * oneMinusBeta2).Store(ref mRef, at);
            }

            return i;
        }
    }
}
