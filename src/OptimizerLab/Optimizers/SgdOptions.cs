namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Sgd{T}"/> with torch's defaults (<c>torch.optim.SGD</c>).</summary>
[TorchSignature("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize")]
public sealed record SgdOptions : MomentumOptions
{
    /// <summary>torch's defaults: lr 1e-3 (current torch; older torch and TorchSharp require an lr), no momentum, dampening or weight decay.</summary>
    public SgdOptions() => Lr = 1e-3;

    /// <summary>Dampening τ of the momentum: the buffer adds (1 - τ)·g from the second step on.</summary>
    public double Dampening { get; set; }

    /// <summary>Nesterov momentum (Sutskever et al., 2013, in torch's form); needs momentum &gt; 0 and zero dampening.</summary>
    public bool Nesterov { get; set; }

    /// <inheritdoc />
    /// <remarks>torch does not check dampening; a non-finite one is refused here as every non-finite hyper-parameter is.</remarks>
    protected override void ValidateAfterLr()
    {
        Check.NonNegative(Momentum, "momentum");
        Check.NonNegative(WeightDecay, "weight_decay");
        Check.Finite(Dampening, "dampening");
        Check.Requires(!(Nesterov && (Momentum <= 0 || Dampening != 0)), "nesterov", Nesterov,
            "Nesterov momentum requires a momentum and zero dampening");
    }
}
