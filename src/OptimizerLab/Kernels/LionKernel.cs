using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of a Lion update, computed in double, then rounded to T once.
/// State buffers: exp_avg.
/// </summary>
internal readonly record struct LionScalars<T>(
    OpeningScalars<T> Opening,
    T Beta1,
    T OneMinusBeta1,
    T Beta2,
    T OneMinusBeta2,
    T NegLr)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 1;

    public int Run<TLanes>(in ElementwiseSpans<T> spans, int start) where TLanes : struct, ILanes<TLanes, T> =>
        spans.Run<TLanes, Step<TLanes>>(new(this), start);

    private readonly struct Step<TLanes>(LionScalars<T> s) : ILaneStep<T> where TLanes : struct, ILanes<TLanes, T>
    {
        private readonly GradientOpening<T, TLanes> _opening = new(s.Opening);
        private readonly TLanes _beta1 = TLanes.Splat(s.Beta1);
        private readonly TLanes _oneMinusBeta1 = TLanes.Splat(s.OneMinusBeta1);
        private readonly TLanes _beta2 = TLanes.Splat(s.Beta2);
        private readonly TLanes _oneMinusBeta2 = TLanes.Splat(s.OneMinusBeta2);
        private readonly TLanes _negLr = TLanes.Splat(s.NegLr);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Apply(ref T param, ref T grad, ref T expAvg, ref T unused1, ref T unused2, nuint at)
        {
            _opening.Load(ref param, ref grad, at, out var p, out var g);
            var m = TLanes.Load(ref expAvg, at);
            var c = m * _beta1 + g * _oneMinusBeta1;
            (p + _negLr * TLanes.Sign(c)).Store(ref param, at);
            (m * _beta2 + g * _oneMinusBeta2).Store(ref expAvg, at);
        }
    }
}

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
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, expAvg);
}
