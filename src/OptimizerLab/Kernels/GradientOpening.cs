using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The opening that torch's optimizers share, per element in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if decoupled: p = p * (1 - lr*wd)      elif wd != 0: g = g + wd*p
/// </code>
/// Either decay or none (never both); <see cref="DecayFactor"/> is 1 - lr·wd (decoupled), <see cref="WeightDecay"/> is wd
/// (coupled). Decoupled decay (AdamW's) exists for Adam, NAdam and RAdam; the others only couple.
/// </summary>
internal readonly record struct OpeningScalars<T>(bool Maximize, bool DecoupledDecay, bool CoupledDecay, T DecayFactor, T WeightDecay)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Maximize, and weight decay added to the gradient as an L2 penalty (the only kind most of torch's optimizers have).</summary>
    public static OpeningScalars<T> Coupled(bool maximize, double weightDecay) =>
        new(maximize, DecoupledDecay: false, CoupledDecay: weightDecay != 0, T.One, T.CreateTruncating(weightDecay));

    /// <summary>Maximize only: an optimizer without weight decay (or one that applies it elsewhere).</summary>
    public static OpeningScalars<T> NoDecay(bool maximize) => Coupled(maximize, weightDecay: 0);

    /// <summary>Maximize, and weight decay either decoupled (the parameter scaled by 1 - lr·wd first) or coupled.</summary>
    public static OpeningScalars<T> Of(bool maximize, double lr, double weightDecay, bool decoupled) =>
        new(maximize, DecoupledDecay: weightDecay != 0 && decoupled, CoupledDecay: weightDecay != 0 && !decoupled,
            T.CreateTruncating(1 - lr * weightDecay), T.CreateTruncating(weightDecay));

    /// <summary>Loads p and grad at <paramref name="index"/> and applies maximize and weight decay.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Load<TLanes>(ref T param, ref T grad, nuint index, out TLanes p, out TLanes g) where TLanes : struct, ILanes<TLanes, T>
    {
        p = TLanes.Load(ref param, index);
        g = TLanes.Load(ref grad, index);
        if (Maximize) g = -g;
        if (DecoupledDecay) p *= TLanes.Splat(DecayFactor);
        else if (CoupledDecay) g += TLanes.Splat(WeightDecay) * p;
    }
}
