using System.Text.Json.Serialization;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="RmsProp{T}"/> with torch's defaults (<c>torch.optim.RMSprop</c>).</summary>
public sealed record RmsPropOptions : OptimizerOptions
{
    /// <summary>torch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered.</summary>
    public RmsPropOptions() => Lr = 1e-2;

    /// <summary>Smoothing constant α of the running average of g².</summary>
    [TorchOption(1)]
    public double Alpha { get; set; } = 0.99;

    /// <summary>Added to the denominator after the square root.</summary>
    [TorchOption(2)]
    public double Eps { get; set; } = 1e-8;

    /// <summary>L2 penalty added to the gradient.</summary>
    [TorchOption(3)]
    public double WeightDecay { get; set; }

    /// <summary>Momentum factor μ; 0 turns momentum off. Must not go from 0 to positive after the first step (torch has no buffer then).</summary>
    [TorchOption(4)]
    public double Momentum { get; set; }

    /// <summary>Normalise by an estimate of the gradient's variance (Graves, 2013) instead of its raw second moment.</summary>
    [TorchOption(5)]
    public bool Centered { get; set; }

    /// <summary>Maximise the objective instead of minimising it.</summary>
    [TorchOption(8)]
    public bool Maximize { get; set; }

    /// <inheritdoc />
    [JsonIgnore] // System.Text.Json does not inherit the base property's attribute on an override.
    public override double? CyclicMomentum
    {
        get => Momentum;
        set => Momentum = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc />
    public override void Validate()
    {
        Check.NonNegative(Lr, "lr", "Invalid learning rate");
        Check.NonNegative(Eps, "eps", "Invalid epsilon value");
        Check.NonNegative(Momentum, "momentum", "Invalid momentum value");
        Check.NonNegative(WeightDecay, "weight_decay", "Invalid weight_decay value");
        Check.NonNegative(Alpha, "alpha", "Invalid alpha value");
    }
}
