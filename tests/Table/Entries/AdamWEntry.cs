using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable.Entries;

/// <summary>AdamW (always decoupled), against the same model as <see cref="AdamEntry"/>.</summary>
internal sealed class AdamWEntry : OptimizerEntry<AdamOptions>
{
    public override string Name => "adamw";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1e-3", "1e-2"]), ("weight_decay", ["", "0", "0.1"]), ("amsgrad", Switch)]];

    public override WeightDecayKind WeightDecay => WeightDecayKind.Decoupled;

    public override string Parity => "TorchSharp";

    /// <summary>torch.optim.AdamW, every argument from our options (TorchSharp's weight_decay default is 0, torch's 0.01).</summary>
    public override TorchSharpOptimizer<AdamOptions> TorchSharp { get; } = new("AdamW",
        o => [o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Amsgrad, o.Maximize],
        o => o.DecoupledWeightDecay ? null : "TorchSharp's AdamW always decouples weight decay; set DecoupledWeightDecay.");

    public override IReadOnlyDictionary<string, AdamOptions> TorchSharpCases { get; } = new Dictionary<string, AdamOptions>
    {
        ["AdamW weight_decay=0.01"] = AdamOptions.AdamW() with { WeightDecay = 0.01 },
        ["AdamW lr=1e-2 weight_decay=0.1 amsgrad"] = AdamOptions.AdamW() with { Lr = 1e-2, WeightDecay = 0.1, Amsgrad = true },
        ["AdamW maximize weight_decay=0.01"] = AdamOptions.AdamW() with { WeightDecay = 0.01, Maximize = true },
    };

    public override double UlpsPerStep(AdamOptions o) => AdamEntry.Ulps(o);

    public override string OptionOrder => "lr beta1 beta2 eps weight_decay amsgrad maximize decoupled_weight_decay";

    public override StateKeys[] State =>
        [new("", "AdamW", ["step", "exp_avg", "exp_avg_sq"]), new("amsgrad=true", "AdamW", ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])];

    public override KernelSpans[] Kernels => []; // Adam's kernel: AdamEntry's

    public override bool FirstMomentIsLerp => true;

    public override IReadOnlyDictionary<string, AdamOptions> Pinning { get; } = new Dictionary<string, AdamOptions>
    {
        ["AdamW defaults"] = AdamOptions.AdamW(),
    };

    public override IReferenceStep<T> Model<T>(AdamOptions options) => new AdamEntry.Reference<T>(options);
}
