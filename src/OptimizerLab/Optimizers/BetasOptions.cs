using System.Text.Json.Serialization;

namespace OptimizerLab.Optimizers;

/// <summary>
/// The options every optimizer with two moment coefficients shares, declared once: <c>betas</c>, <c>weight_decay</c> and
/// <c>maximize</c>, at their positions in torch's signatures (lr, betas, [eps,] weight_decay, …, maximize); beta1 is what
/// a cyclic schedule varies. <see cref="AdamFamilyOptions"/> adds eps; Lion uses these as they are.
/// </summary>
public abstract record BetasOptions : OptimizerOptions
{
    // Null until set, so that AdamW can tell "no weight_decay given" (torch fills in AdamW's default) from an explicit 0.
    private double? _weightDecay;

    /// <summary>Coefficient of the running average of the gradient (torch's <c>betas[0]</c>).</summary>
    [TorchOption(1, Tuple = "betas", Index = 0)]
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Coefficient of the second running average: the squared gradient (Adam), the infinity norm (Adamax), the momentum (Lion) (torch's <c>betas[1]</c>).</summary>
    [TorchOption(1, Tuple = "betas", Index = 1)]
    public double Beta2 { get; set; } = 0.999;

    /// <summary>L2 penalty added to the gradient, or decoupled decay where the optimizer decouples it.</summary>
    [TorchOption(3)]
    public double WeightDecay
    {
        get => _weightDecay ?? 0.0;
        set => _weightDecay = value;
    }

    /// <summary>Maximise the objective instead of minimising it.</summary>
    [TorchOption(6)]
    public bool Maximize { get; set; }

    /// <summary>True once <see cref="WeightDecay"/> was set, by an initializer, a parser or a loaded state.</summary>
    internal bool WeightDecayGiven => _weightDecay.HasValue;

    /// <inheritdoc />
    [JsonIgnore] // System.Text.Json does not inherit the base property's attribute on an override.
    public override double? CyclicMomentum
    {
        get => Beta1;
        set => Beta1 = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc />
    public override void Validate()
    {
        Check.NonNegative(Lr, "lr", "Invalid learning rate");
        Check.InUnitInterval(Beta1, "betas", "Invalid beta parameter at index 0");
        Check.InUnitInterval(Beta2, "betas", "Invalid beta parameter at index 1");
        Check.NonNegative(WeightDecay, "weight_decay", "Invalid weight_decay value");
    }

    /// <summary>Equal options: an unset weight decay equals an explicit 0, as both mean no decay.</summary>
    public virtual bool Equals(BetasOptions? other) =>
        base.Equals(other) && Beta1.Equals(other.Beta1) && Beta2.Equals(other.Beta2)
        && WeightDecay.Equals(other.WeightDecay) && Maximize == other.Maximize;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Beta1, Beta2, WeightDecay, Maximize);
}
