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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T expAvg, ref T expAvgSq, ref T unused, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        new AdamMoments<T>(OneMinusBeta1, Beta2, OneMinusBeta2).Update(ref expAvg, ref expAvgSq, at, g, out var m, out var v);
        var step = m / TLanes.Splat(BiasCorrection1) * TLanes.Splat(Lr);
        if (Rectified)
        {
            var adaptiveLr = TLanes.Splat(T.One) / (TLanes.Sqrt(v) + TLanes.Splat(Eps)) * TLanes.Splat(BiasCorrection2Sqrt);
            step = step * adaptiveLr * TLanes.Splat(Rectification);
        }

        (p - step).Store(ref param, at);
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
