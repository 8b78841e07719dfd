using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_radam</c> (capturable off) over a parameter, its scalars computed in double
/// as torch computes them in Python, then rounded to T once. State buffers: exp_avg, exp_avg_sq. Per element, in torch's
/// order:
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
internal readonly record struct RAdamScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T expAvg, ref T expAvgSq, ref T unused, nuint at)
    {
        Moments.Update(ref expAvg, ref expAvgSq, at, g, out var m, out var v);
        var step = m / TLanes.Splat(BiasCorrection1) * TLanes.Splat(Lr);
        if (Rectified)
        {
            var adaptiveLr = TLanes.Splat(T.One) / (TLanes.Sqrt(v) + TLanes.Splat(Eps)) * TLanes.Splat(BiasCorrection2Sqrt);
            step = step * adaptiveLr * TLanes.Splat(Rectification);
        }

        return p - step;
    }

    public required OpeningScalars<T> Opening { get; init; }
    public required AdamMoments<T> Moments { get; init; }
    public required bool Rectified { get; init; }            // rho_t > 5
    public required T BiasCorrection1 { get; init; }         // 1 - beta1^t
    public required T Lr { get; init; }
    public required T Eps { get; init; }
    public required T BiasCorrection2Sqrt { get; init; }     // (1 - beta2^t)^0.5
    public required T Rectification { get; init; }

    public bool Uses(int buffer) => buffer < 2;
}
