using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using static OptimizerLab.TestTable.PinnedRun;

namespace OptimizerLab.TestTable.Entries;

/// <summary>Every NAdam option against torch's <c>_single_tensor_nadam</c>, step by step, in both precisions.</summary>
internal sealed class NAdamEntry : OptimizerEntry<NAdamOptions>
{
    public override string Name => "nadam";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["2e-3", "1e-2"]), ("weight_decay", WeightDecayValues), ("decoupled_weight_decay", Switch)]];

    public override string? DecoupledBy => "decoupled_weight_decay";

    public override string Parity => "TorchSharp";

    /// <summary>torch.optim.NAdam (TorchSharp has neither maximize nor decoupled weight decay).</summary>
    public override TorchSharpOptimizer<NAdamOptions> TorchSharp { get; } = new("NAdam",
        o => [o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.MomentumDecay],
        o => o.Maximize || o.DecoupledWeightDecay ? "TorchSharp's NAdam has neither maximize nor decoupled weight decay." : null);

    public override IReadOnlyDictionary<string, NAdamOptions> TorchSharpCases { get; } = new Dictionary<string, NAdamOptions>
    {
        ["NAdam"] = new NAdamOptions(),
        ["NAdam weight_decay=0.1 momentum_decay=1e-2"] = new NAdamOptions { WeightDecay = 0.1, MomentumDecay = 1e-2 },
    };

    /// <summary>NAdam: <c>U = 2 · (1 + 3·lr·β1 / ((1 − β1)²·√(1 − β2)))</c>, <c>R = 2 · 4</c>.</summary>
    /// <remarks>
    /// As Adam: TorchSharp's m (<c>mul_</c>+<c>add_</c>) differs from PyTorch's (<c>lerp_</c>) by at most 3ε·G/(1 − β1),
    /// and the denominator is at least √(1 − β2)·G; NAdam multiplies m by lr·μ_{t+1}/(1 − Π_{t+1}) ≤ lr·β1/(1 − β1).
    /// R: two fused <c>addcdiv_</c>, and the two coefficients, which TorchSharp computes from a μ product kept in double
    /// where PyTorch keeps it as a tensor of the model's dtype (as we do), each rounding to a neighbouring value in T.
    /// </remarks>
    public override double UlpsPerStep(NAdamOptions o) =>
        2 * (1 + 3 * o.Lr * o.Beta1 / ((1 - o.Beta1) * (1 - o.Beta1) * Math.Sqrt(1 - o.Beta2)));

    /// <summary>NAdam's R (see <see cref="UlpsPerStep"/>).</summary>
    public override double UpdateUlps(NAdamOptions o, long step, double epsilonT) => 2 * 4;

    public override string OptionOrder => "lr beta1 beta2 eps weight_decay momentum_decay decoupled_weight_decay maximize";

    public override StateKeys[] State => [new("", "NAdam", ["step", "mu_product", "exp_avg", "exp_avg_sq"], Scalars: ["mu_product"])];

    public override KernelSpans[] Kernels => [new("NAdam", 4, s => KernelDispatch.RunElementwise(default(NAdamScalars<double>), s[0], s[1], s[2], s[3]))];

    public override bool FirstMomentIsLerp => true;

    public override IReadOnlyDictionary<string, OptionRange> OptionRanges { get; } = CommonRangesAnd(("momentum_decay", new(v => v >= 0 && double.IsFinite(v), "momentum_decay")));

    public override IReadOnlyDictionary<string, NAdamOptions> Pinning { get; } = new Dictionary<string, NAdamOptions>
    {
        ["defaults"] = new NAdamOptions(),
        ["lr=0.05 betas=(0.8,0.95) eps=1e-3"] = new NAdamOptions { Lr = 0.05, Beta1 = 0.8, Beta2 = 0.95, Eps = 1e-3 },
        ["momentum_decay=0.3"] = new NAdamOptions { Lr = 0.05, MomentumDecay = 0.3 },
        ["maximize"] = new NAdamOptions { Lr = 0.05, Maximize = true },
        ["weight_decay=0.2 (coupled)"] = new NAdamOptions { Lr = 0.05, WeightDecay = 0.2 },
        ["weight_decay=0.2 decoupled"] = new NAdamOptions { Lr = 0.05, WeightDecay = 0.2, DecoupledWeightDecay = true },
        ["wd=0.2 decoupled maximize momentum_decay=0.3"] =
            new NAdamOptions { Lr = 0.05, WeightDecay = 0.2, DecoupledWeightDecay = true, Maximize = true, MomentumDecay = 0.3 },
    };

    public override IReferenceStep<T> Model<T>(NAdamOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/nadam.py, <c>_single_tensor_nadam</c>, for one tensor.</summary>
    internal sealed class Reference<T>(NAdamOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _m, _v;
        private long _step;

        public T MuProduct { get; private set; } = T.One;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _m ??= new T[theta.Length];
            _v ??= new T[theta.Length];
            _step++;
            double biasCorrection2 = 1 - Pow(o.Beta2, _step);
            double mu = o.Beta1 * (1.0 - 0.5 * Pow(0.96, _step * o.MomentumDecay));
            double muNext = o.Beta1 * (1.0 - 0.5 * Pow(0.96, (_step + 1) * o.MomentumDecay));
            MuProduct *= T.CreateTruncating(mu); // mu_product *= mu: a T tensor times a Python float
            double muProductNext = double.CreateTruncating(MuProduct) * muNext;
            T gradValue = T.CreateTruncating(-o.Lr * (1.0 - mu) / (1.0 - double.CreateTruncating(MuProduct)));
            T expAvgValue = T.CreateTruncating(-o.Lr * muNext / (1.0 - muProductNext));

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
                T denom = T.Sqrt(_v[i] / T.CreateTruncating(biasCorrection2)) + T.CreateTruncating(o.Eps);
                theta[i] += gradValue * g / denom;
                theta[i] += expAvgValue * _m[i] / denom;
            }
        }
    }
}
