using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable.Entries;

/// <summary>Adam with amsgrad on (the catalog's "amsgrad"), against the same model as <see cref="AdamEntry"/>.</summary>
internal sealed class AmsgradEntry : OptimizerEntry<AdamOptions>
{
    public override string Name => "amsgrad";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1e-3", "1e-2"]), ("weight_decay", WeightDecayValues), ("maximize", Switch)]];

    public override string? DecoupledBy => "decoupled_weight_decay";

    public override string Parity => "TorchSharp";

    public override TorchSharpOptimizer<AdamOptions> TorchSharp => AdamEntry.Torch;

    public override IReadOnlyDictionary<string, AdamOptions> TorchSharpCases { get; } = new Dictionary<string, AdamOptions>
    {
        ["Adam lr=1e-2 amsgrad"] = new AdamOptions { Lr = 1e-2, Amsgrad = true },
    };

    public override double UlpsPerStep(AdamOptions o) => AdamEntry.Ulps(o);

    public override string OptionOrder => "lr beta1 beta2 eps weight_decay amsgrad maximize decoupled_weight_decay";

    public override StateKeys[] State => [new("", "Adam", ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"])];

    public override KernelSpans[] Kernels => []; // Adam's kernel with amsgrad: AdamEntry's

    public override bool FirstMomentIsLerp => true;

    public override IReadOnlyDictionary<string, AdamOptions> Pinning { get; } = new Dictionary<string, AdamOptions>
    {
        ["amsgrad"] = new AdamOptions { Lr = 0.03, Amsgrad = true },
        ["amsgrad maximize weight_decay=0.2 decoupled"] =
            new AdamOptions { Lr = 0.03, Amsgrad = true, Maximize = true, WeightDecay = 0.2, DecoupledWeightDecay = true },
    };

    public override IReferenceStep<T> Model<T>(AdamOptions options) => new AdamEntry.Reference<T>(options);
}
