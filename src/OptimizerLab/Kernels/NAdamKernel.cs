using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_nadam</c> over a parameter, its scalars computed in double as torch
/// computes them in Python, then rounded to T once. State buffers: exp_avg, exp_avg_sq. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if decoupled: p = p * (1 - lr*wd)      elif wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)
/// v = v*beta2 + ((1 - beta2)*g)*g
/// denom = sqrt(v / bc2) + eps
/// p = p + (c_g*g)/denom
/// p = p + (c_m*m)/denom
/// </code>
/// </summary>
internal readonly record struct NAdamScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T expAvg, ref T expAvgSq, ref T unused, nuint at)
    {
        Moments.Update(ref expAvg, ref expAvgSq, at, g, out var m, out var v);
        var denom = TLanes.Sqrt(v / TLanes.Splat(BiasCorrection2)) + TLanes.Splat(Eps);
        p += TLanes.Splat(GradCoefficient) * g / denom;
        return p + TLanes.Splat(ExpAvgCoefficient) * m / denom;
    }

    public required OpeningScalars<T> Opening { get; init; }
    public required AdamMoments<T> Moments { get; init; }
    public required T BiasCorrection2 { get; init; }         // 1 - beta2^t; torch divides v by it before the square root
    public required T Eps { get; init; }
    public required T GradCoefficient { get; init; }         // -lr*(1 - mu_t) / (1 - mu_product_t)
    public required T ExpAvgCoefficient { get; init; }

    public bool Uses(int buffer) => buffer < 2;
}
