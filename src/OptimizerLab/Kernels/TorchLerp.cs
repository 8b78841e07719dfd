using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// torch's <c>lerp_(end, weight)</c> with a fixed weight, as its scalar CPU code computes it (ATen <c>Lerp.h</c>): two
/// formulas, chosen by the size of the weight, so that the result is exact at weight 0 and at weight 1. <c>1 - weight</c>
/// is rounded to T, as torch rounds it in the tensor's type.
/// </summary>
internal readonly struct TorchLerp<T, TLanes>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TLanes : struct, ILanes<TLanes, T>
{
    private readonly TLanes _weight;
    private readonly TLanes _oneMinusWeight;
    private readonly bool _small;

    public TorchLerp(T weight)
    {
        _small = T.Abs(weight) < T.CreateTruncating(0.5); // torch's is_lerp_weight_small
        _weight = TLanes.Splat(weight);
        _oneMinusWeight = TLanes.Splat(T.One - weight);
    }

    /// <summary>start + w·(end - start) for a small weight, else end - (end - start)·(1 - w).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TLanes Apply(TLanes start, TLanes end) =>
        _small ? start + _weight * (end - start) : end - (end - start) * _oneMinusWeight;
}
