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
internal readonly struct AdamMoments<T, TLanes>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TLanes : struct, ILanes<TLanes, T>
{
    private readonly TorchLerp<T, TLanes> _lerp;
    private readonly TLanes _beta2;
    private readonly TLanes _oneMinusBeta2;

    public AdamMoments(T oneMinusBeta1, T beta2, T oneMinusBeta2)
    {
        _lerp = new TorchLerp<T, TLanes>(oneMinusBeta1);
        _beta2 = TLanes.Splat(beta2);
        _oneMinusBeta2 = TLanes.Splat(oneMinusBeta2);
    }

    /// <summary>Updates and stores exp_avg and exp_avg_sq at <paramref name="index"/>; returns the new values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(ref T expAvg, ref T expAvgSq, nuint index, TLanes g, out TLanes m, out TLanes v)
    {
        m = _lerp.Apply(TLanes.Load(ref expAvg, index), g);
        v = TLanes.Load(ref expAvgSq, index) * _beta2 + _oneMinusBeta2 * g * g;
        m.Store(ref expAvg, index);
        v.Store(ref expAvgSq, index);
    }
}
