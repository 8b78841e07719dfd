namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="RmsProp{T}"/> with torch's defaults (<c>torch.optim.RMSprop</c>).</summary>
[TorchSignature("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize")]
public sealed record RmsPropOptions : MomentumOptions
{
    /// <summary>torch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered.</summary>
    public RmsPropOptions() => Lr = 1e-2;

    /// <summary>Smoothing constant α of the running average of g².</summary>
    public double Alpha { get; set; } = 0.99;

    /// <summary>Added to the denominator after the square root.</summary>
    public double Eps { get; set; } = 1e-8;

    /// <summary>Normalise by an estimate of the gradient's variance (Graves, 2013) instead of its raw second moment.</summary>
    public bool Centered { get; set; }

    /// <inheritdoc />
    protected override void ValidateAfterLr()
    {
        Check.NonNegative(Eps, "eps");
        Check.NonNegative(Momentum, "momentum");
        Check.NonNegative(WeightDecay, "weight_decay");
        Check.NonNegative(Alpha, "alpha");
    }
}
