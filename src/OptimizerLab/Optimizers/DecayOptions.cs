namespace OptimizerLab.Optimizers;

/// <summary>
/// The options most of torch's optimizers share, declared once: <c>weight_decay</c> and <c>maximize</c>. Each
/// optimizer's <see cref="TorchSignatureAttribute"/> says where they stand in its signature.
/// </summary>
public abstract record DecayOptions : OptimizerOptions
{
    // Null until set, so that AdamW can tell "no weight_decay given" (torch fills in AdamW's default) from an explicit 0.
    private double? _weightDecay;

    /// <summary>L2 penalty added to the gradient, or decoupled decay where the optimizer decouples it.</summary>
    public double WeightDecay
    {
        get => _weightDecay ?? 0.0;
        set => _weightDecay = value;
    }

    /// <summary>Maximise the objective instead of minimising it.</summary>
    public bool Maximize { get; set; }

    /// <summary>True once <see cref="WeightDecay"/> was set, by an initializer, a parser or a loaded state.</summary>
    internal bool WeightDecayGiven => _weightDecay.HasValue;

    /// <summary>Equal options: an unset weight decay equals an explicit 0, as both mean no decay.</summary>
    public virtual bool Equals(DecayOptions? other) =>
        base.Equals(other) && WeightDecay.Equals(other.WeightDecay) && Maximize == other.Maximize;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), WeightDecay, Maximize);
}
