namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Adagrad{T}"/> with torch's defaults (<c>torch.optim.Adagrad</c>).</summary>
[TorchSignature("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize")]
public sealed record AdagradOptions : DecayOptions
{
    /// <summary>torch's defaults: lr 1e-2, no lr decay or weight decay, accumulator starting at 0, eps 1e-10.</summary>
    public AdagradOptions() => Lr = 1e-2;

    /// <summary>η in the step size lr/(1 + (t - 1)·η).</summary>
    public double LrDecay { get; set; }

    /// <summary>Starting value of the sum of squared gradients (read when a parameter's state is created).</summary>
    public double InitialAccumulatorValue { get; set; }

    /// <summary>Added to the denominator after the square root.</summary>
    public double Eps { get; set; } = 1e-10;

    /// <inheritdoc />
    protected override void ValidateAfterLr()
    {
        Check.NonNegative(LrDecay, "lr_decay");
        Check.NonNegative(WeightDecay, "weight_decay");
        Check.NonNegative(InitialAccumulatorValue, "initial_accumulator_value");
        Check.NonNegative(Eps, "eps");
    }
}
