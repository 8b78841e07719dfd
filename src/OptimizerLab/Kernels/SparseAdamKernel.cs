using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of a SparseAdam update, computed in double, then rounded to T once, and the update of one run of
/// elements (<see cref="SparseAdamKernel"/> chooses the runs). State buffers: exp_avg, exp_avg_sq.
/// </summary>
internal readonly record struct SparseAdamScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T expAvg, ref T expAvgSq, ref T unused, nuint at)
    {
        var oldM = TLanes.Load(ref expAvg, at);
        var oldV = TLanes.Load(ref expAvgSq, at);
        var m = oldM + (g - oldM) * TLanes.Splat(OneMinusBeta1);
        var v = oldV + (g * g - oldV) * TLanes.Splat(OneMinusBeta2);
        var updated = p + TLanes.Splat(NegStepSize) * (m / (TLanes.Sqrt(v) + TLanes.Splat(Eps)));
        if (Masked)
        {
            // |g| > 0: exactly the nonzero gradients (a NaN never gets here: the optimizer refuses it first).
            var touched = TLanes.GreaterThan(TLanes.Abs(g), TLanes.Splat(T.Zero));
            m = TLanes.Select(touched, m, oldM);
            v = TLanes.Select(touched, v, oldV);
            updated = TLanes.Select(touched, updated, p);
        }

        m.Store(ref expAvg, at);
        v.Store(ref expAvgSq, at);
        return updated;
    }

    public required OpeningScalars<T> Opening { get; init; } // maximize only
    public required bool Masked { get; init; }               // rows of one element: only elements with a nonzero gradient change
    public required T OneMinusBeta1 { get; init; }
    public required T OneMinusBeta2 { get; init; }
    public required T Eps { get; init; }
    public required T NegStepSize { get; init; }             // -lr * sqrt(bias_correction2) / bias_correction1

    public bool Uses(int buffer) => buffer < 2;
}

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
        if (rowLength == 1)
        {
            KernelDispatch.RunElementwise(s with { Masked = true }, param, grad, expAvg, expAvgSq);
            return;
        }

        int length = KernelDispatch.CommonLength(param.Length, grad.Length, expAvg.Length, expAvgSq.Length);
        var whole = s with { Masked = false };
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
            KernelDispatch.RunElementwise(whole, param[run], grad[run], expAvg[run], expAvgSq[run]);
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
}
