using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable.Entries;

/// <summary>Every Lion option against the paper's algorithm (Chen et al. 2023; Lion is not in torch), in both precisions.</summary>
internal sealed class LionEntry : OptimizerEntry<LionOptions>
{
    public override string Name => "lion";

    public override (string Key, string[] Values)[][] Settings => [[("lr", ["1e-4", "1e-3"]), ("betas", ["", "0.95,0.98"]), ("weight_decay", ["", "0.1"])]];

    public override WeightDecayKind WeightDecay => WeightDecayKind.Decoupled;

    public override string? NotScaleInvariantUpToEps => "it has no eps: sign(c) ignores any positive scale";

    // θ·(1 − 0.5·0.5) − 0.5·sign(0.1·g) with m0 = 0: 2 → 1.5 − 0.5, −2 → −1.5 + 0.5, 1 → 0.75 (g = 0, sign 0).
    public override HandStep[] HandSteps => [new("lr=0.5 weight_decay=0.5", [2, -2, 1], [0.5, -0.25, 0], [1, -1, 0.75])];

    public override string Parity =>
        "none in torch: the paper's algorithm through its pinning model and a hand-computed step (DeterminismProperties compares its SIMD runs with its one-lane reference)";

    public override string OptionOrder => "lr beta1 beta2 weight_decay maximize";

    public override StateKeys[] State => [new("", "Lion", ["step", "exp_avg"])];

    public override KernelSpans[] Kernels => [new("Lion", 3, s => KernelDispatch.RunElementwise(default(LionScalars<double>), s[0], s[1], s[2]))];

    public override IReadOnlyDictionary<string, LionOptions> Pinning { get; } = new Dictionary<string, LionOptions>
    {
        ["defaults"] = new LionOptions(),
        ["lr=0.03 betas=(0.8,0.9)"] = new LionOptions { Lr = 0.03, Beta1 = 0.8, Beta2 = 0.9 },
        ["maximize"] = new LionOptions { Lr = 0.03, Maximize = true },
        ["weight_decay=0.2"] = new LionOptions { Lr = 0.03, WeightDecay = 0.2 },
    };

    public override IReferenceStep<T> Model<T>(LionOptions options) => new Reference<T>(options);

    /// <summary>θ·(1 − lr·λ); c = β1·m + (1 − β1)·g; θ − lr·sign(c); m = β2·m + (1 − β2)·g.</summary>
    internal sealed class Reference<T>(LionOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _m;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _m ??= new T[theta.Length];
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                if (o.WeightDecay != 0) theta[i] *= T.CreateTruncating(1 - o.Lr * o.WeightDecay);
                T c = _m[i] * T.CreateTruncating(o.Beta1) + g * T.CreateTruncating(1 - o.Beta1);
                T sign = c > T.Zero ? T.One : c < T.Zero ? -T.One : T.Zero;
                theta[i] += T.CreateTruncating(-o.Lr) * sign;
                _m[i] = _m[i] * T.CreateTruncating(o.Beta2) + g * T.CreateTruncating(1 - o.Beta2);
            }
        }
    }
}
