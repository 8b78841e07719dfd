using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// torch's <c>lerp_(end, weight)</c> with a fixed weight, as its scalar CPU code computes it (ATen <c>Lerp.h</c>): two
/// formulas, chosen by the size of the weight, so that the result is exact at weight 0 and at weight 1. <c>1 - weight</c>
/// is rounded to T, as torch rounds it in the tensor's type.
/// </summary>
internal static class TorchLerp
{
    /// <summary>start + w·(end - start) for a small weight, else end - (end - start)·(1 - w).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Apply<T, TLanes>(TLanes start, TLanes end, T weight)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, ILanes<TLanes, T> =>
        T.Abs(weight) < T.CreateTruncating(0.5) // torch's is_lerp_weight_small
            ? start + TLanes.Splat(weight) * (end - start)
            : end - (end - start) * TLanes.Splat(T.One - weight);
}
