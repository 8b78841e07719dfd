namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Adadelta{T}"/> with torch's defaults (<c>torch.optim.Adadelta</c>).</summary>
[TorchSignature("lr", "rho", "eps", "weight_decay", "maximize")]
public sealed record AdadeltaOptions : DecayOptions
{
    /// <summary>torch's defaults: lr 1.0, rho 0.9, eps 1e-6, no weight decay.</summary>
    public AdadeltaOptions() => Lr = 1.0;

    /// <summary>Coefficient ρ of the running averages of g² and of the squared updates.</summary>
    public double Rho { get; set; } = 0.9;

    /// <summary>Added inside both square roots.</summary>
    public double Eps { get; set; } = 1e-6;

    /// <inheritdoc />
    protected override void ValidateAfterLr()
    {
        Check.InClosedUnitInterval(Rho, "rho");
        Check.NonNegative(Eps, "eps");
        Check.NonNegative(WeightDecay, "weight_decay");
    }
}
