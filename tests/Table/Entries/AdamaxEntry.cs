using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using static OptimizerLab.TestTable.PinnedRun;

namespace OptimizerLab.TestTable.Entries;

/// <summary>Every Adamax option against torch's <c>_single_tensor_adamax</c>, in both precisions.</summary>
internal sealed class AdamaxEntry : OptimizerEntry<AdamaxOptions>
{
    public override string Name => "adamax";

    public override (string Key, string[] Values)[][] Settings => [[("lr", ["2e-3", "1e-2"]), ("weight_decay", WeightDecayValues)]];

    public override string Parity => "TorchSharp";

    /// <summary>torch.optim.Adamax (TorchSharp has no maximize).</summary>
    public override TorchSharpOptimizer<AdamaxOptions> TorchSharp { get; } = new("Adamax",
        o => [o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay],
        o => o.Maximize ? "TorchSharp's Adamax has no maximize." : null);

    public override IReadOnlyDictionary<string, AdamaxOptions> TorchSharpCases { get; } = new Dictionary<string, AdamaxOptions>
    {
        ["Adamax"] = new AdamaxOptions(),
        ["Adamax lr=1e-2 betas=(0.8,0.99) weight_decay=0.1"] = new AdamaxOptions { Lr = 1e-2, Beta1 = 0.8, Beta2 = 0.99, WeightDecay = 0.1 },
    };

    /// <summary>Adamax: <c>U = 2 · (1 + 3·lr / ((1 − β1)·(1 − β1/β2)))</c>, <c>R = 2 · 2</c>.</summary>
    /// <remarks>
    /// TorchSharp updates m with <c>mul_</c>+<c>add_</c> where PyTorch uses <c>lerp_</c> (as for Adam, at most 3ε·|g_k|
    /// per step k), and takes β1^t from <c>Math.Pow</c>. The infinity norm u ≥ β2^(s−k)·|g_k| for every past gradient,
    /// while m forgets g_k as β1^(s−k), so the m difference divided by u stays below 3ε/(1 − β1/β2); the step divides by
    /// the bias correction 1 − β1^t ≥ 1 − β1 and multiplies by lr. R: the fused <c>addcdiv_</c>, and the bias correction
    /// rounding to a neighbouring value in T.
    /// </remarks>
    public override double UlpsPerStep(AdamaxOptions o) =>
        2 * (1 + 3 * o.Lr / ((1 - o.Beta1) * (1 - o.Beta1 / o.Beta2)));

    /// <summary>Adamax's R (see <see cref="UlpsPerStep"/>).</summary>
    public override double UpdateUlps(AdamaxOptions o, long step, double epsilonT) => 2 * 2;

    public override string OptionOrder => "lr beta1 beta2 eps weight_decay maximize";

    public override StateKeys[] State => [new("", "Adamax", ["step", "exp_avg", "exp_inf"])];

    public override KernelSpans[] Kernels => [new("Adamax", 4, s => KernelDispatch.RunElementwise(default(AdamaxScalars<double>), s[0], s[1], s[2], s[3]))];

    public override bool FirstMomentIsLerp => true;

    public override IReadOnlyDictionary<string, AdamaxOptions> Pinning { get; } = new Dictionary<string, AdamaxOptions>
    {
        ["defaults"] = new AdamaxOptions(),
        ["lr=0.03 betas=(0.8,0.9) eps=1e-2"] = new AdamaxOptions { Lr = 0.03, Beta1 = 0.8, Beta2 = 0.9, Eps = 1e-2 },
        ["maximize"] = new AdamaxOptions { Lr = 0.03, Maximize = true },
        ["weight_decay=0.2"] = new AdamaxOptions { Lr = 0.03, WeightDecay = 0.2 },
        ["weight_decay=0.2 maximize"] = new AdamaxOptions { Lr = 0.03, WeightDecay = 0.2, Maximize = true },
    };

    public override IReferenceStep<T> Model<T>(AdamaxOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/adamax.py, <c>_single_tensor_adamax</c>, for one tensor.</summary>
    internal sealed class Reference<T>(AdamaxOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _m, _u;
        private long _step;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _m ??= new T[theta.Length];
            _u ??= new T[theta.Length];
            _step++;
            T negClr = T.CreateTruncating(-(o.Lr / (1 - Pow(o.Beta1, _step))));
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                if (o.WeightDecay != 0) g += T.CreateTruncating(o.WeightDecay) * theta[i];
                _m[i] = Lerp(_m[i], g, T.CreateTruncating(1 - o.Beta1));
                _u[i] = T.Max(_u[i] * T.CreateTruncating(o.Beta2), T.Abs(g) + T.CreateTruncating(o.Eps));
                theta[i] += negClr * _m[i] / _u[i];
            }
        }
    }
}
