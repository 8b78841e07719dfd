using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an RMSprop update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: square_avg, grad_avg (centered only), momentum_buffer (with momentum only).
/// </summary>
internal readonly record struct RmsPropScalars<T>(
    OpeningScalars<T> Opening,
    bool Centered,
    bool Momentum,       // momentum > 0
    T Alpha,
    T OneMinusAlpha,     // addcmul value and lerp weight
    T Eps,
    T MomentumFactor,
    T NegLr)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer == 0 || (buffer == 1 ? Centered : Momentum);

    public int Run<TLanes>(in ElementwiseSpans<T> spans, int start) where TLanes : struct, ILanes<TLanes, T> =>
        spans.Run<TLanes, Step<TLanes>>(new(this), start);

    private readonly struct Step<TLanes>(RmsPropScalars<T> s) : ILaneStep<T> where TLanes : struct, ILanes<TLanes, T>
    {
        private readonly GradientOpening<T, TLanes> _opening = new(s.Opening);
        private readonly TorchLerp<T, TLanes> _lerp = new(s.OneMinusAlpha);
        private readonly TLanes _alpha = TLanes.Splat(s.Alpha);
        private readonly TLanes _oneMinusAlpha = TLanes.Splat(s.OneMinusAlpha);
        private readonly TLanes _eps = TLanes.Splat(s.Eps);
        private readonly TLanes _momentum = TLanes.Splat(s.MomentumFactor);
        private readonly TLanes _negLr = TLanes.Splat(s.NegLr);
        private readonly bool _centered = s.Centered;
        private readonly bool _useMomentum = s.Momentum;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T param, ref T grad, ref T squareAvg, ref T gradAvg, ref T momentumBuffer, nuint at)
        {
            _opening.Load(ref param, ref grad, at, out var p, out var g);
            var v = TLanes.Load(ref squareAvg, at) * _alpha + _oneMinusAlpha * g * g;
            v.Store(ref squareAvg, at);
            TLanes avg;
            if (_centered)
            {
                var ga = _lerp.Apply(TLanes.Load(ref gradAvg, at), g);
                ga.Store(ref gradAvg, at);
                avg = TLanes.Sqrt(v - ga * ga);
            }
            else
            {
                avg = TLanes.Sqrt(v);
            }

            avg += _eps;
            if (_useMomentum)
            {
                var b = TLanes.Load(ref momentumBuffer, at) * _momentum + g / avg;
                b.Store(ref momentumBuffer, at);
                (p + _negLr * b).Store(ref param, at);
            }
            else
            {
                (p + _negLr * g / avg).Store(ref param, at);
            }
        }
    }
}

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
    /// <summary><paramref name="gradAvg"/> is used only when centered, <paramref name="momentumBuffer"/> only with momentum.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> gradAvg, Span<T> momentumBuffer, in RmsPropScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, squareAvg, gradAvg, momentumBuffer);
}
