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
/// Decoupled decay (AdamW's) exists for Adam, NAdam and RAdam; the others only couple.
/// </summary>
internal readonly struct GradientOpening<T, TLanes>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TLanes : struct, ILanes<TLanes, T>
{
    private readonly TLanes _decayFactor;
    private readonly TLanes _weightDecay;
    private readonly bool _maximize;
    private readonly bool _decoupled;
    private readonly bool _coupled;

    /// <summary>Either decay or none (never both): <paramref name="decayFactor"/> is 1 - lr·wd, <paramref name="weightDecay"/> is wd.</summary>
    public GradientOpening(bool maximize, bool decoupled, bool coupled, T decayFactor, T weightDecay)
    {
        _maximize = maximize;
        _decoupled = decoupled;
        _coupled = coupled;
        _decayFactor = TLanes.Splat(decayFactor);
        _weightDecay = TLanes.Splat(weightDecay);
    }

    /// <summary>Coupled (L2) decay or none.</summary>
    public GradientOpening(bool maximize, bool coupled, T weightDecay)
        : this(maximize, decoupled: false, coupled, T.One, weightDecay)
    {
    }

    /// <summary>Loads p and grad at <paramref name="index"/> and applies maximize and weight decay.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Load(ref T param, ref T grad, nuint index, out TLanes p, out TLanes g)
    {
        p = TLanes.Load(ref param, index);
        g = TLanes.Load(ref grad, index);
        if (_maximize) g = -g;
        if (_decoupled) p *= _decayFactor;
        else if (_coupled) g += _weightDecay * p;
    }
}
