using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adadelta update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct AdadeltaScalars<T>(
    bool Maximize,
    bool CoupledDecay, // weight_decay != 0
    T WeightDecay,
    T Rho,
    T OneMinusRho,
    T Eps,
    T NegLr);

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adadelta</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// v = v*rho + ((1 - rho)*g)*g
/// delta = (sqrt(u + eps) / sqrt(v + eps)) * g
/// u = u*rho + ((1 - rho)*delta)*delta
/// p = p + (-lr)*delta
/// </code>
/// </summary>
internal static class AdadeltaKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> accDelta, in AdadeltaScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, squareAvg, accDelta, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> accDelta, AdadeltaScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _squareAvg = squareAvg;
        private readonly Span<T> _accDelta = accDelta;
        private readonly AdadeltaScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, squareAvg.Length, accDelta.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            AdadeltaScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.CoupledDecay, s.WeightDecay);
            var rho = TLanes.Splat(s.Rho);
            var oneMinusRho = TLanes.Splat(s.OneMinusRho);
            var eps = TLanes.Splat(s.Eps);
            var negLr = TLanes.Splat(s.NegLr);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T vRef = ref MemoryMarshal.GetReference(_squareAvg);
            ref T uRef = ref MemoryMarshal.GetReference(_accDelta);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                var v = TLanes.Load(ref vRef, at) * rho + oneMinusRho * g * g;
                v.Store(ref vRef, at);
                var u = TLanes.Load(ref uRef, at);
                var delta = TLanes.Sqrt(u + eps) / TLanes.Sqrt(v + eps) * g;
                (u * rho + oneMinusRho * delta * delta).Store(ref uRef, at);
                (p + negLr * delta).Store(ref pRef, at);
            }

            return i;
        }
    }
}
