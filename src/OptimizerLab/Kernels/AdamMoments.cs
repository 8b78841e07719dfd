using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The moment update that Adam, AdamW, NAdam and RAdam share, per element in torch's order:
/// <code>
/// m = lerp(m, g, 1 - beta1)
/// v = v*beta2 + ((1 - beta2)*g)*g
/// </code>
/// </summary>
internal readonly record struct AdamMoments<T>(T OneMinusBeta1, T Beta2, T OneMinusBeta2) where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The moments' scalars for betas (beta1, beta2), rounded to T once.</summary>
    public static AdamMoments<T> Of(double beta1, double beta2) =>
        new(T.CreateTruncating(1 - beta1), T.CreateTruncating(beta2), T.CreateTruncating(1 - beta2));

    /// <summary>Updates and stores exp_avg and exp_avg_sq at <paramref name="index"/>; returns the new values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update<TLanes>(ref T expAvg, ref T expAvgSq, nuint index, TLanes g, out TLanes m, out TLanes v)
        where TLanes : struct, ILanes<TLanes, T>
    {
        m = TorchLerp.Apply(TLanes.Load(ref expAvg, index), g, OneMinusBeta1);
        v = TLanes.Load(ref expAvgSq, index) * TLanes.Splat(Beta2) + TLanes.Splat(OneMinusBeta2) * g * g;
        m.Store(ref expAvg, index);
        v.Store(ref expAvgSq, index);
    }
}
