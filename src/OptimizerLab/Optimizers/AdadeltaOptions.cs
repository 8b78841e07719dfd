namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Adadelta{T}"/> with torch's defaults (<c>torch.optim.Adadelta</c>).</summary>
public sealed record AdadeltaOptions : OptimizerOptions
{
    /// <summary>torch's defaults: lr 1.0, rho 0.9, eps 1e-6, no weight decay.</summary>
    public AdadeltaOptions() => Lr = 1.0;

    /// <summary>Coefficient ρ of the running averages of g² and of the squared updates.</summary>
    [TorchOption(1)]
    public double Rho { get; set; } = 0.9;

    /// <summary>Added inside both square roots.</summary>
    [TorchOption(2)]
    public double Eps { get; set; } = 1e-6;

    /// <summary>L2 penalty added to the gradient.</summary>
    [TorchOption(3)]
    public double WeightDecay { get; set; }

    /// <summary>Maximise the objective instead of minimising it.</summary>
    [TorchOption(6)]
    public bool Maximize { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        Check.NonNegative(Lr, "lr", "Invalid learning rate");
        Check.InClosedUnitInterval(Rho, "rho", "Invalid rho value");
        Check.NonNegative(Eps, "eps", "Invalid epsilon value");
        Check.NonNegative(WeightDecay, "weight_decay", "Invalid weight_decay value");
    }
}
