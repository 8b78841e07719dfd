using System.Text.Json.Serialization;

namespace OptimizerLab.Optimizers;

/// <summary>
/// The options every optimizer with two moment coefficients and weight decay shares, declared once: <c>betas</c> and
/// <see cref="DecayOptions"/>; beta1 is what a cyclic schedule varies. <see cref="AdamFamilyOptions"/> adds eps; Lion
/// uses these as they are.
/// </summary>
public abstract record BetasOptions : DecayOptions
{
    /// <summary>Coefficient of the running average of the gradient (torch's <c>betas[0]</c>).</summary>
    [TorchOption(Tuple = "betas", Index = 0)]
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Coefficient of the second running average: the squared gradient (Adam), the infinity norm (Adamax), the momentum (Lion) (torch's <c>betas[1]</c>).</summary>
    [TorchOption(Tuple = "betas", Index = 1)]
    public double Beta2 { get; set; } = 0.999;

    /// <inheritdoc />
    [JsonIgnore] // System.Text.Json does not inherit the base property's attribute on an override.
    public override double? CyclicMomentum
    {
        get => Beta1;
        set => Beta1 = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc />
    protected override void ValidateAfterLr()
    {
        Check.Betas(Beta1, Beta2);
        Check.NonNegative(WeightDecay, "weight_decay");
    }
}
