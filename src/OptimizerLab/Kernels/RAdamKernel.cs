using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an RAdam update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: exp_avg, exp_avg_sq.
/// </summary>
internal readonly record struct RAdamScalars<T>(
    OpeningScalars<T> Opening,
    bool Rectified,            // rho_t > 5
    T OneMinusBeta1,           // lerp weight
    T Beta2,
    T OneMinusBeta2,
    T BiasCorrection1,         // 1 - beta1^t
    T Lr,
    T Eps,
    T BiasCorrection2Sqrt,     // (1 - beta2^t)^0.5
    T Rectification)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 2;

    public int Run<TLanes>(in ElementwiseSpans<T> spans, int start) where TLanes : struct, ILanes<TLanes, T> =>
        spans.Run<TLanes, Step<TLanes>>(new(this), start);

    private readonly struct Step<TLanes>(RAdamScalars<T> s) : ILaneStep<T> where TLanes : struct, ILanes<TLanes, T>
    {
        private readonly GradientOpening<T, TLanes> _opening = new(s.Opening);
        private readonly AdamMoments<T, TLanes> _moments = new(s.OneMinusBeta1, s.Beta2, s.OneMinusBeta2);
        private readonly TLanes _bc1 = TLanes.Splat(s.BiasCorrection1);
        private readonly TLanes _lr = TLanes.Splat(s.Lr);
        private readonly TLanes _one = TLanes.Splat(T.One);
        private readonly TLanes _eps = TLanes.Splat(s.Eps);
        private readonly TLanes _bc2Sqrt = TLanes.Splat(s.BiasCorrection2Sqrt);
        private readonly TLanes _rectification = TLanes.Splat(s.Rectification);
        private readonly bool _rectified = s.Rectified;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T param, ref T grad, ref T expAvg, ref T expAvgSq, ref T unused, nuint at)
        {
            _opening.Load(ref param, ref grad, at, out var p, out var g);
            _moments.Update(ref expAvg, ref expAvgSq, at, g, out var m, out var v);
            var step = m / _bc1 * _lr;
            if (_rectified)
            {
                var adaptiveLr = _one / (TLanes.Sqrt(v) + _eps) * _bc2Sqrt;
                step = step * adaptiveLr * _rectification;
            }

            (p - step).Store(ref param, at);
        }
    }
}

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
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, expAvg, expAvgSq);
}
