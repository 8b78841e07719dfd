namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="RAdam{T}"/> with torch's defaults (<c>torch.optim.RAdam</c>); betas[1] also sets ρ∞ = 2/(1 - β2) - 1.</summary>
[TorchSignature("lr", "betas", "eps", "weight_decay", "decoupled_weight_decay", "maximize")]
public sealed record RAdamOptions : AdamFamilyOptions, IDecoupledDecayOptions
{
    /// <summary>torch's defaults: lr 1e-3 (TorchSharp's 2e-3 is not torch's), betas (0.9, 0.999), eps 1e-8, no weight decay.</summary>
    public RAdamOptions() => Lr = 1e-3;

    /// <summary>Decay parameters by <c>lr * weight_decay</c> directly (RAdamW) instead of adding an L2 gradient.</summary>
    public bool DecoupledWeightDecay { get; set; }
}
