using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using static OptimizerLab.TestTable.PinnedRun;

namespace OptimizerLab.TestTable.Entries;

/// <summary>Every Adam option (amsgrad and AdamW: their own entries, same model) against torch's <c>_single_tensor_adam</c>, in both precisions.</summary>
internal sealed class AdamEntry : OptimizerEntry<AdamOptions>
{
    public override string Name => "adam";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1e-3", "1e-2"]), ("weight_decay", WeightDecayValues), ("maximize", Switch)]];

    public override string? DecoupledBy => "decoupled_weight_decay";

    public override string Parity => "TorchSharp";

    public override TorchSharpOptimizer<AdamOptions> TorchSharp => Torch;

    /// <summary>torch.optim.Adam, every argument from our options (L2 weight decay only: decoupled decay is AdamW's).</summary>
    internal static readonly TorchSharpOptimizer<AdamOptions> Torch = new("Adam",
        o => [o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Amsgrad, o.Maximize],
        o => o.DecoupledWeightDecay ? "TorchSharp's Adam has only L2 weight decay; use AdamW for decoupled decay." : null);

    public override IReadOnlyDictionary<string, AdamOptions> TorchSharpCases { get; } = new Dictionary<string, AdamOptions>
    {
        ["Adam"] = new AdamOptions(),
        ["Adam weight_decay=0.1 (L2)"] = new AdamOptions { WeightDecay = 0.1 },
        ["Adam maximize betas=(0.8,0.99) eps=1e-6"] = new AdamOptions { Maximize = true, Beta1 = 0.8, Beta2 = 0.99, Eps = 1e-6 },
    };

    public override double UlpsPerStep(AdamOptions o) => Ulps(o);

    /// <summary>
    /// Adam and AdamW: <c>U = 2 · (1 + 3·lr / ((1 − β1)·√(1 − β2)))</c>, which is 3.9 for the defaults and 21 for lr = 1e-2; R = 0.
    /// </summary>
    /// <remarks>
    /// TorchSharp computes Adam with PyTorch's operations except two: it updates m as <c>m·β1 + (1−β1)·g</c> where
    /// PyTorch (and OptimizerLab) use <c>lerp</c>, and it takes β^t from <c>Math.Pow</c> where we square repeatedly.
    /// Each form of the m update rounds at most 3 times, so the two m differ by at most 3·ε·G per step (G: the recent
    /// gradient magnitude), and since m keeps only β1 of its past, by at most 3·ε·G/(1 − β1) in total. v keeps at least
    /// (1 − β2)·g² of every recent gradient, so √v̂ ≥ √(1 − β2)·G, and the updates lr·m̂/(√v̂ + eps) differ by at most
    /// lr·3ε/((1 − β1)·√(1 − β2)); the β^t difference (one rounding in double) is far smaller. Add one ulp for the two
    /// sides rounding θ apart, and double the sum as margin (ulp(x) ≤ ε·|x|; G varies).
    /// Coupled (L2) weight decay adds wd·θ from each side's own θ, which feeds a difference back by at most a factor
    /// (1 + lr·wd/√v̂) per step; on <c>LeastSquaresProblem</c> √v̂ stays above 0.06 through step 1000, so
    /// that factor stays within the margin's reach for wd = 0.1, lr = 1e-3.
    /// </remarks>
    internal static double Ulps(AdamOptions o) =>
        2 * (1 + 3 * o.Lr / ((1 - o.Beta1) * Math.Sqrt(1 - o.Beta2)));

    public override string OptionOrder => "lr beta1 beta2 eps weight_decay amsgrad maximize decoupled_weight_decay";

    // torch/optim/adam.py _init_group: step, exp_avg, exp_avg_sq, and max_exp_avg_sq only with amsgrad (AmsgradEntry).
    public override StateKeys[] State => [new("", "Adam", ["step", "exp_avg", "exp_avg_sq"])];

    public override KernelSpans[] Kernels =>
        [new("Adam with amsgrad", 5, s => KernelDispatch.RunElementwise(default(AdamScalars<double>) with { Amsgrad = true }, s[0], s[1], s[2], s[3], s[4]))];

    public override bool FirstMomentIsLerp => true;

    public override IReadOnlyDictionary<string, AdamOptions> Pinning { get; } = new Dictionary<string, AdamOptions>
    {
        ["defaults"] = new AdamOptions(),
        ["lr=0.03 betas=(0.8,0.9) eps=1e-3"] = new AdamOptions { Lr = 0.03, Beta1 = 0.8, Beta2 = 0.9, Eps = 1e-3 },
        ["maximize"] = new AdamOptions { Lr = 0.03, Maximize = true },
        ["weight_decay=0.2 (coupled)"] = new AdamOptions { Lr = 0.03, WeightDecay = 0.2 },
        ["weight_decay=0.2 decoupled"] = new AdamOptions { Lr = 0.03, WeightDecay = 0.2, DecoupledWeightDecay = true },
    };

    public override IReferenceStep<T> Model<T>(AdamOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/adam.py, <c>_single_tensor_adam</c>, for one tensor.</summary>
    internal sealed class Reference<T>(AdamOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _m, _v, _vMax;
        private long _step;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _m ??= new T[theta.Length];
            _v ??= new T[theta.Length];
            _vMax ??= new T[theta.Length];
            _step++;
            double stepSize = o.Lr / (1 - Pow(o.Beta1, _step));
            T biasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(1 - Pow(o.Beta2, _step)));
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                if (o.WeightDecay != 0)
                {
                    if (o.DecoupledWeightDecay) theta[i] *= T.CreateTruncating(1 - o.Lr * o.WeightDecay);
                    else g += T.CreateTruncating(o.WeightDecay) * theta[i];
                }

                _m[i] = Lerp(_m[i], g, T.CreateTruncating(1 - o.Beta1));
                _v[i] = _v[i] * T.CreateTruncating(o.Beta2) + T.CreateTruncating(1 - o.Beta2) * g * g;
                T second = _v[i];
                if (o.Amsgrad) second = _vMax[i] = T.Max(_vMax[i], _v[i]);
                T denom = T.Sqrt(second) / biasCorrection2Sqrt + T.CreateTruncating(o.Eps);
                theta[i] += T.CreateTruncating(-stepSize) * _m[i] / denom;
            }
        }
    }
}
