using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The scalars of <see cref="GradientOpening{T, TLanes}"/>, computed once from an optimizer's options: either decay or
/// none (never both); <see cref="DecayFactor"/> is 1 - lr·wd (decoupled), <see cref="WeightDecay"/> is wd (coupled).
/// </summary>
internal readonly record struct OpeningScalars<T>(bool Maximize, bool DecoupledDecay, bool CoupledDecay, T DecayFactor, T WeightDecay)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Maximize, and weight decay added to the gradient as an L2 penalty (the only kind most of torch's optimizers have).</summary>
    public static OpeningScalars<T> Coupled(bool maximize, double weightDecay) =>
        new(maximize, DecoupledDecay: false, CoupledDecay: weightDecay != 0, T.One, T.CreateTruncating(weightDecay));

    /// <summary>Maximize, and weight decay either decoupled (the parameter scaled by 1 - lr·wd first) or coupled.</summary>
    public static OpeningScalars<T> Of(bool maximize, double lr, double weightDecay, bool decoupled) =>
        new(maximize, DecoupledDecay: weightDecay != 0 && decoupled, CoupledDecay: weightDecay != 0 && !decoupled,
            T.CreateTruncating(1 - lr * weightDecay), T.CreateTruncating(weightDecay));
}

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

    /// <summary>Maximize and weight decay as <paramref name="s"/> gives them.</summary>
    public GradientOpening(in OpeningScalars<T> s)
    {
        _maximize = s.Maximize;
        _decoupled = s.DecoupledDecay;
        _coupled = s.CoupledDecay;
        _decayFactor = TLanes.Splat(s.DecayFactor);
        _weightDecay = TLanes.Splat(s.WeightDecay);
    }

    /// <summary>For a kernel whose scalars hold the opening's fields one by one (either decay or none, never both).</summary>
    public GradientOpening(bool maximize, bool decoupled, bool coupled, T decayFactor, T weightDecay)
        : this(new OpeningScalars<T>(maximize, decoupled, coupled, decayFactor, weightDecay))
    {
    }

    /// <summary>Coupled (L2) decay or none, for a kernel whose scalars hold the opening's fields one by one.</summary>
    public GradientOpening(bool maximize, bool coupled, T weightDecay)
        : this(new OpeningScalars<T>(maximize, DecoupledDecay: false, coupled, T.One, weightDecay))
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
