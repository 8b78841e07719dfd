using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of a SparseAdam update, computed in double, then rounded to T once.</summary>
internal readonly record struct SparseAdamScalars<T>(
    bool Maximize,
    T OneMinusBeta1,
    T OneMinusBeta2,
    T Eps,
    T NegStepSize);     // -lr * sqrt(bias_correction2) / bias_correction1

/// <summary>
/// torch's <c>sparse_adam</c> over the touched rows of a dense parameter. Per element of a touched row, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// dm = (g - m)*(1 - beta1);    m = m + dm
/// dv = (g*g - v)*(1 - beta2);  v = v + dv
/// p = p + (-lr*sqrt(bc2)/bc1) * (m / (sqrt(v) + eps))
/// </code>
/// A row is touched when its gradient is not all zero. With rows of one element (a vector) the whole parameter is one
/// masked pass; longer rows go in runs of consecutive touched rows, each an unmasked pass.
/// </summary>
internal static class SparseAdamKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, int rowLength, in SparseAdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int length = KernelDispatch.CommonLength(param.Length, grad.Length, expAvg.Length, expAvgSq.Length);
        if (rowLength == 1)
        {
            var loop = new Loop<T>(param, grad, expAvg, expAvgSq, s, masked: true);
            KernelDispatch.Run<T, Loop<T>>(ref loop);
            return;
        }

        for (int row = 0; row * rowLength < length;)
        {
            if (!Touched(grad.Slice(row * rowLength, rowLength)))
            {
                row++;
                continue;
            }

            int first = row;
            while (++row * rowLength < length && Touched(grad.Slice(row * rowLength, rowLength))) { }
            var run = new Range(first * rowLength, row * rowLength);
            var loop = new Loop<T>(param[run], grad[run], expAvg[run], expAvgSq[run], s, masked: false);
            KernelDispatch.Run<T, Loop<T>>(ref loop);
        }
    }

    private static bool Touched<T>(ReadOnlySpan<T> gradRow) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (T g in gradRow)
        {
            if (g != T.Zero) return true;
        }

        return false;
    }

    /// <summary>The loop body, once for every width. Masked: only elements with a nonzero gradient change (rows of one element).</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, SparseAdamScalars<T> s, bool masked) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _expAvg = expAvg;
        private readonly Span<T> _expAvgSq = expAvgSq;
        private readonly SparseAdamScalars<T> _s = s;
        private readonly bool _masked = masked;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, expAvg.Length, expAvgSq.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            SparseAdamScalars<T> s = _s;
            var oneMinusBeta1 = TLanes.Splat(s.OneMinusBeta1);
            var oneMinusBeta2 = TLanes.Splat(s.OneMinusBeta2);
            var eps = TLanes.Splat(s.Eps);
            var negStepSize = TLanes.Splat(s.NegStepSize);
            var zero = TLanes.Splat(T.Zero);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T mRef = ref MemoryMarshal.GetReference(_expAvg);
            ref T vRef = ref MemoryMarshal.GetReference(_expAvgSq);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                var g = TLanes.Load(ref gRef, at);
                if (s.Maximize) g = -g;
                var oldP = TLanes.Load(ref pRef, at);
                var oldM = TLanes.Load(ref mRef, at);
                var oldV = TLanes.Load(ref vRef, at);
                var m = oldM + (g - oldM) * oneMinusBeta1;
                var v = oldV + (g * g - oldV) * oneMinusBeta2;
                var p = oldP + negStepSize * (m / (TLanes.Sqrt(v) + eps));
                if (_masked)
                {
                    // |g| > 0: exactly the nonzero gradients (a NaN never gets here: the optimizer refuses it first).
                    var touched = TLanes.GreaterThan(TLanes.Abs(g), zero);
                    m = TLanes.Select(touched, m, oldM);
                    v = TLanes.Select(touched, v, oldV);
                    p = TLanes.Select(touched, p, oldP);
                }

                m.Store(ref mRef, at);
                v.Store(ref vRef, at);
                p.Store(ref pRef, at);
            }

            return i;
        }
    }
}
