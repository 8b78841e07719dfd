namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Adam{T}"/> and <see cref="AdamW{T}"/> with torch's defaults (<c>torch.optim.Adam</c>).</summary>
[TorchSignature("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "decoupled_weight_decay")]
public sealed record AdamOptions : AdamFamilyOptions, IDecoupledDecayOptions
{
    /// <summary>torch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.</summary>
    public AdamOptions() => Lr = 1e-3;

    /// <summary>AdamW's defaults (<c>torch.optim.AdamW</c>): Adam's, with decoupled weight decay 1e-2.</summary>
    public static AdamOptions AdamW() => new() { WeightDecay = AdamW<float>.DefaultWeightDecay, DecoupledWeightDecay = true };

    /// <summary>Keep the maximum of the second moment (Reddi et al., "On the Convergence of Adam and Beyond").</summary>
    public bool Amsgrad { get; set; }

    /// <summary>Decay parameters by <c>lr * weight_decay</c> directly (AdamW) instead of adding an L2 gradient; AdamW always does.</summary>
    public bool DecoupledWeightDecay { get; set; }
}
