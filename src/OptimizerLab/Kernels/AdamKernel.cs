using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adam</c> over a parameter, its scalars computed in double as torch computes
/// them in Python, then rounded to T once. State buffers: exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad only: empty
/// without). Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if decoupled: p = p * (1 - lr*wd)      elif wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)              (torch's lerp: m + w*(g - m) for w &lt; 0.5, else g - (g - m)*(1 - w))
/// v = v*beta2 + ((1 - beta2)*g)*g
/// if amsgrad: vmax = max(vmax, v); v' = vmax   else v' = v
/// p = p + ((-lr/bc1) * m) / (sqrt(v')/sqrt(bc2) + eps)
/// </code>
/// </summary>
internal readonly record struct AdamScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T expAvg, ref T expAvgSq, ref T maxExpAvgSq, nuint at)
    {
        Moments.Update(ref expAvg, ref expAvgSq, at, g, out var m, out var v);
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
        return p + TLanes.Splat(NegStepSize) * m / denom;
    }

    public required OpeningScalars<T> Opening { get; init; }
    public required AdamMoments<T> Moments { get; init; }
    public required bool Amsgrad { get; init; }
    public required T BiasCorrection2Sqrt { get; init; }
    public required T Eps { get; init; }
    public required T NegStepSize { get; init; }             // -lr / bias_correction1

    public bool Uses(int buffer) => buffer < 2 || Amsgrad;
}
