using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an NAdam update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: exp_avg, exp_avg_sq.
/// </summary>
internal readonly record struct NAdamScalars<T>(
    OpeningScalars<T> Opening,
    T OneMinusBeta1,      // lerp weight
    T Beta2,
    T OneMinusBeta2,
    T BiasCorrection2,    // 1 - beta2^t; torch divides v by it before the square root
    T Eps,
    T GradCoefficient,    // -lr*(1 - mu_t) / (1 - mu_product_t)
    T ExpAvgCoefficient)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T expAvg, ref T expAvgSq, ref T unused, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        new AdamMoments<T>(OneMinusBeta1, Beta2, OneMinusBeta2).Update(ref expAvg, ref expAvgSq, at, g, out var m, out var v);
        var denom = TLanes.Sqrt(v / TLanes.Splat(BiasCorrection2)) + TLanes.Splat(Eps);
        p += TLanes.Splat(GradCoefficient) * g / denom;
        (p + TLanes.Splat(ExpAvgCoefficient) * m / denom).Store(ref param, at);
    }
}

/// <summary>
/// One fused pass of torch's <c>_single_tensor_nadam</c> over a parameter. Per element, in torch's order:
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
internal static class NAdamKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, in NAdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, expAvg, expAvgSq);
}
