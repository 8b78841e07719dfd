namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Adamax{T}"/> with torch's defaults (<c>torch.optim.Adamax</c>); betas[1] decays the infinity norm.</summary>
[TorchSignature("lr", "betas", "eps", "weight_decay", "maximize")]
public sealed record AdamaxOptions : AdamFamilyOptions
{
    /// <summary>torch's defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.</summary>
    public AdamaxOptions() => Lr = 2e-3;
}
