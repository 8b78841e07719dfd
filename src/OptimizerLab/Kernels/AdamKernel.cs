using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an Adam update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad only).
/// </summary>
internal readonly record struct AdamScalars<T>(
    OpeningScalars<T> Opening,
    bool Amsgrad,
    T OneMinusBeta1,    // lerp weight
    T Beta2,
    T OneMinusBeta2,
    T BiasCorrection2Sqrt,
    T Eps,
    T NegStepSize)      // -lr / bias_correction1
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 2 || Amsgrad;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T expAvg, ref T expAvgSq, ref T maxExpAvgSq, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        new AdamMoments<T>(OneMinusBeta1, Beta2, OneMinusBeta2).Update(ref expAvg, ref expAvgSq, at, g, out var m, out var v);
        if (Amsgrad)
        {
            v = TLanes.Max(TLanes.Load(ref maxExpAvgSq, at), v);
            v.Store(ref maxExpAvgSq, at);
        }

        // Dividing by exactly 1 returns its operand's bits, and √bc2 rounds to 1 once β2^t is below half an ulp of 1
        // (float32, β2 = 0.999: from step ~16 600 on): skipping that division then leaves the bits as torch's and frees
        // the divider, which with the square root and the second division bounds this loop (~0.25 µs of the seed step's ~0.75).
        var root = TLanes.Sqrt(v);
        var denom = (BiasCorrection2Sqrt == T.One ? root : root / TLanes.Splat(BiasCorrection2Sqrt)) + TLanes.Splat(Eps);
        (p + TLanes.Splat(NegStepSize) * m / denom).Store(ref param, at);
    }
}

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adam</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if decoupled: p = p * (1 - lr*wd)      elif wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)              (torch's lerp: m + w*(g - m) for w &lt; 0.5, else g - (g - m)*(1 - w))
/// v = v*beta2 + ((1 - beta2)*g)*g
/// if amsgrad: vmax = max(vmax, v); v' = vmax   else v' = v
/// p = p + ((-lr/bc1) * m) / (sqrt(v')/sqrt(bc2) + eps)
/// </code>
/// </summary>
internal static class AdamKernel
{
    /// <summary><paramref name="maxExpAvgSq"/> is read and written only with amsgrad.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, expAvg, expAvgSq, maxExpAvgSq);
}
