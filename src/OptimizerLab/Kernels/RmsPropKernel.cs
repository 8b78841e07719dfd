using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an RMSprop update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct RmsPropScalars<T>(
    bool Maximize,
    bool CoupledDecay,   // weight_decay != 0
    bool Centered,
    bool Momentum,       // momentum > 0
    T WeightDecay,
    T Alpha,
    T OneMinusAlpha,     // addcmul value and lerp weight
    T Eps,
    T MomentumFactor,
    T NegLr);

/// <summary>
/// One fused pass of torch's <c>_single_tensor_rmsprop</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// v = v*alpha + ((1 - alpha)*g)*g
/// if centered: ga = lerp(ga, g, 1 - alpha); avg = sqrt(v - ga*ga)   else avg = sqrt(v)
/// avg = avg + eps
/// if momentum &gt; 0: b = b*momentum + g/avg; p = p + (-lr)*b
/// else:             p = p + ((-lr)*g)/avg
/// </code>
/// </summary>
internal static class RmsPropKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> gradAvg, Span<T> momentumBuffer, in RmsPropScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, squareAvg, gradAvg, momentumBuffer, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width. <c>gradAvg</c> is used only when centered, <c>momentumBuffer</c> only with momentum.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> gradAvg, Span<T> momentumBuffer, RmsPropScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _squareAvg = squareAvg;
        private readonly Span<T> _gradAvg = gradAvg;
        private readonly Span<T> _momentumBuffer = momentumBuffer;
        private readonly RmsPropScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(
            param.Length, grad.Length, squareAvg.Length, s.Centered ? gradAvg.Length : param.Length, s.Momentum ? momentumBuffer.Length : param.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            RmsPropScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.CoupledDecay, s.WeightDecay);
            var lerp = new TorchLerp<T, TLanes>(s.OneMinusAlpha);
            var alpha = TLanes.Splat(s.Alpha);
            var oneMinusAlpha = TLanes.Splat(s.OneMinusAlpha);
            var eps = TLanes.Splat(s.Eps);
            var momentum = TLanes.Splat(s.MomentumFactor);
            var negLr = TLanes.Splat(s.NegLr);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T vRef = ref MemoryMarshal.GetReference(_squareAvg);
            ref T gaRef = ref MemoryMarshal.GetReference(_gradAvg);
            ref T bRef = ref MemoryMarshal.GetReference(_momentumBuffer);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                var v = TLanes.Load(ref vRef, at) * alpha + oneMinusAlpha * g * g;
                v.Store(ref vRef, at);
                TLanes avg;
                if (s.Centered)
                {
                    var ga = lerp.Apply(TLanes.Load(ref gaRef, at), g);
                    ga.Store(ref gaRef, at);
                    avg = TLanes.Sqrt(v - ga * ga);
                }
                else
                {
                    avg = TLanes.Sqrt(v);
                }

                avg += eps;
                if (s.Momentum)
                {
                    var b = TLanes.Load(ref bRef, at) * momentum + g / avg;
                    b.Store(ref bRef, at);
                    (p + negLr * b).Store(ref pRef, at);
                }
                else
                {
                    (p + negLr * g / avg).Store(ref pRef, at);
                }
            }

            return i;
        }
    }
}
