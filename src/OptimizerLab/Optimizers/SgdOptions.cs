using System.Text.Json.Serialization;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Sgd{T}"/> with torch's defaults (<c>torch.optim.SGD</c>).</summary>
public sealed record SgdOptions : OptimizerOptions
{
    /// <summary>torch's defaults: lr 1e-3 (current torch; older torch and TorchSharp require an lr), no momentum, dampening or weight decay.</summary>
    public SgdOptions() => Lr = 1e-3;

    /// <summary>Momentum factor μ; 0 turns momentum off.</summary>
    [TorchOption(1)]
    public double Momentum { get; set; }

    /// <summary>Dampening τ of the momentum: the buffer adds (1 - τ)·g from the second step on.</summary>
    [TorchOption(2)]
    public double Dampening { get; set; }

    /// <summary>L2 penalty added to the gradient.</summary>
    [TorchOption(3)]
    public double WeightDecay { get; set; }

    /// <summary>Nesterov momentum (Sutskever et al., 2013, in torch's form); needs momentum &gt; 0 and zero dampening.</summary>
    [TorchOption(4)]
    public bool Nesterov { get; set; }

    /// <summary>Maximise the objective instead of minimising it.</summary>
    [TorchOption(5)]
    public bool Maximize { get; set; }

    /// <inheritdoc />
    [JsonIgnore] // System.Text.Json does not inherit the base property's attribute on an override.
    public override double? CyclicMomentum
    {
        get => Momentum;
        set => Momentum = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc />
    /// <remarks>torch does not check dampening; a non-finite one is refused here as every non-finite hyper-parameter is.</remarks>
    public override void Validate()
    {
        Check.NonNegative(Lr, "lr", "Invalid learning rate");
        Check.NonNegative(Momentum, "momentum", "Invalid momentum value");
        Check.NonNegative(WeightDecay, "weight_decay", "Invalid weight_decay value");
        Check.Finite(Dampening, "dampening", "Invalid dampening value");
        Check.Requires(!(Nesterov && (Momentum <= 0 || Dampening != 0)), "nesterov", Nesterov,
            "Nesterov momentum requires a momentum and zero dampening");
    }
}
