using System.Text.Json.Serialization;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="NAdam{T}"/> with torch's defaults (<c>torch.optim.NAdam</c>).</summary>
public sealed record NAdamOptions : OptimizerOptions
{
    /// <summary>torch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, momentum_decay 4e-3.</summary>
    public NAdamOptions() => Lr = 2e-3;

    /// <summary>Base of the momentum schedule μ_t = β1·(1 - 0.5·0.96^(t·ψ)) (torch's <c>betas[0]</c>).</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Coefficient of the running average of the squared gradient (torch's <c>betas[1]</c>).</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Added to the denominator after the square root.</summary>
    public double Eps { get; set; } = 1e-8;

    /// <summary>L2 penalty, or decoupled decay when <see cref="DecoupledWeightDecay"/> is set.</summary>
    public double WeightDecay { get; set; }

    /// <summary>ψ in the momentum schedule μ_t = β1·(1 - 0.5·0.96^(t·ψ)).</summary>
    public double MomentumDecay { get; set; } = 4e-3;

    /// <summary>Decay parameters by <c>lr * weight_decay</c> directly (NAdamW) instead of adding an L2 gradient.</summary>
    public bool DecoupledWeightDecay { get; set; }

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
        Check.NonNegative(MomentumDecay, "momentum_decay", "Invalid momentum_decay value");
    }
}
