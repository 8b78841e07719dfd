using System.Text.Json.Serialization;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Adam{T}"/> with torch's defaults (<c>torch.optim.Adam</c>).</summary>
public sealed record AdamOptions : OptimizerOptions
{
    /// <summary>torch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.</summary>
    public AdamOptions() => Lr = 1e-3;

    /// <summary>AdamW's defaults (<c>torch.optim.AdamW</c>): Adam's, with decoupled weight decay 1e-2.</summary>
    public static AdamOptions AdamW() => new() { WeightDecay = 1e-2, DecoupledWeightDecay = true };

    /// <summary>Coefficient of the running average of the gradient (torch's <c>betas[0]</c>).</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Coefficient of the running average of the squared gradient (torch's <c>betas[1]</c>).</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Added to the denominator after the square root and bias correction.</summary>
    public double Eps { get; set; } = 1e-8;

    /// <summary>L2 penalty, or decoupled decay when <see cref="DecoupledWeightDecay"/> is set.</summary>
    public double WeightDecay { get; set; }

    /// <summary>Keep the maximum of the second moment (Reddi et al., "On the Convergence of Adam and Beyond").</summary>
    public bool Amsgrad { get; set; }

    /// <summary>Maximise the objective instead of minimising it.</summary>
    public bool Maximize { get; set; }

    /// <summary>Decay parameters by <c>lr * weight_decay</c> directly (AdamW) instead of adding an L2 gradient.</summary>
    public bool DecoupledWeightDecay { get; set; }

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
