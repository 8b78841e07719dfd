using System.Text.Json.Serialization;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Adamax{T}"/> with torch's defaults (<c>torch.optim.Adamax</c>).</summary>
public sealed record AdamaxOptions : OptimizerOptions
{
    /// <summary>torch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.</summary>
    public AdamaxOptions() => Lr = 2e-3;

    /// <summary>Coefficient of the running average of the gradient (torch's <c>betas[0]</c>).</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Decay of the infinity norm (torch's <c>betas[1]</c>).</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Added to |g| before the maximum, so the denominator is never below eps.</summary>
    public double Eps { get; set; } = 1e-8;

    /// <summary>L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; set; }

    /// <summary>Maximise the objective instead of minimising it.</summary>
    public bool Maximize { get; set; }

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
        Check.NonNegative(Eps, "eps", "Invalid epsilon value");
        Check.InUnitInterval(Beta1, "betas", "Invalid beta parameter at index 0");
        Check.InUnitInterval(Beta2, "betas", "Invalid beta parameter at index 1");
        Check.NonNegative(WeightDecay, "weight_decay", "Invalid weight_decay value");
    }
}
