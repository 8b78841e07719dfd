using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using static OptimizerLab.TestTable.PinnedRun;

namespace OptimizerLab.TestTable.Entries;

/// <summary>
/// Every RAdam option against torch's <c>_single_tensor_radam</c>, in both precisions. 40 steps cross the rectification
/// threshold (ρ_t &gt; 5 from step 6 with β2 = 0.999), so both branches are pinned.
/// </summary>
internal sealed class RAdamEntry : OptimizerEntry<RAdamOptions>
{
    public override string Name => "radam";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1e-3", "1e-2"]), ("weight_decay", WeightDecayValues), ("decoupled_weight_decay", Switch)]];

    public override string? DecoupledBy => "decoupled_weight_decay";

    public override string? NotScaleInvariantUpToEps => "its first steps are SGD with momentum (rho_t <= 5)";

    public override string Parity => "TorchSharp (its lr departure noted)";

    public override string OptionOrder => "lr beta1 beta2 eps weight_decay decoupled_weight_decay maximize";

    public override StateKeys[] State => [new("", "RAdam", ["step", "exp_avg", "exp_avg_sq"])];

    public override KernelSpans[] Kernels => [new("RAdam", 4, s => RAdamKernel.Update<double>(s[0], s[1], s[2], s[3], default(RAdamScalars<double>)))];

    public override bool FirstMomentIsLerp => true;

    public override IReadOnlyDictionary<string, RAdamOptions> Pinning { get; } = new Dictionary<string, RAdamOptions>
    {
        ["defaults"] = new RAdamOptions(),
        ["lr=0.03 betas=(0.8,0.9) eps=1e-3"] = new RAdamOptions { Lr = 0.03, Beta1 = 0.8, Beta2 = 0.9, Eps = 1e-3 },
        ["maximize"] = new RAdamOptions { Lr = 0.03, Maximize = true },
        ["weight_decay=0.2 (coupled)"] = new RAdamOptions { Lr = 0.03, WeightDecay = 0.2 },
        ["weight_decay=0.2 decoupled"] = new RAdamOptions { Lr = 0.03, WeightDecay = 0.2, DecoupledWeightDecay = true },
        ["weight_decay=0.2 decoupled maximize"] =
            new RAdamOptions { Lr = 0.03, WeightDecay = 0.2, DecoupledWeightDecay = true, Maximize = true },
    };

    public override IReferenceStep<T> Model<T>(RAdamOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/radam.py, <c>_single_tensor_radam</c>, for one tensor.</summary>
    internal sealed class Reference<T>(RAdamOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _m, _v;
        private long _step;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _m ??= new T[theta.Length];
            _v ??= new T[theta.Length];
            _step++;
            double biasCorrection1 = 1 - Pow(o.Beta1, _step);
            double biasCorrection2 = 1 - Pow(o.Beta2, _step);
            double rhoInf = 2 / (1 - o.Beta2) - 1;
            double rhoT = rhoInf - 2 * _step * Pow(o.Beta2, _step) / biasCorrection2;
            double rect = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));

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
                T update = _m[i] / T.CreateTruncating(biasCorrection1) * T.CreateTruncating(o.Lr);
                if (rhoT > 5.0)
                {
                    // (bias_correction2 ** 0.5) / exp_avg_sq_sqrt: a Python float over a tensor is torch's reciprocal times it.
                    T adaptiveLr = T.One / (T.Sqrt(_v[i]) + T.CreateTruncating(o.Eps)) * T.CreateTruncating(Math.Sqrt(biasCorrection2));
                    update = update * adaptiveLr * T.CreateTruncating(rect);
                }

                theta[i] -= update;
            }
        }
    }
}
