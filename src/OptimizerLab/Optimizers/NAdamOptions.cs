namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="NAdam{T}"/> with torch's defaults (<c>torch.optim.NAdam</c>); betas[0] is the base of the momentum schedule.</summary>
[TorchSignature("lr", "betas", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay", "maximize")]
public sealed record NAdamOptions : AdamFamilyOptions
{
    /// <summary>torch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, momentum_decay 4e-3.</summary>
    public NAdamOptions() => Lr = 2e-3;

    /// <summary>ψ in the momentum schedule μ_t = β1·(1 - 0.5·0.96^(t·ψ)).</summary>
    public double MomentumDecay { get; set; } = 4e-3;

    /// <summary>Decay parameters by <c>lr * weight_decay</c> directly (NAdamW) instead of adding an L2 gradient.</summary>
    public bool DecoupledWeightDecay { get; set; }

    /// <inheritdoc />
    protected override void ValidateAfterLr()
    {
        base.ValidateAfterLr();
        Check.NonNegative(MomentumDecay, "momentum_decay");
    }
}
