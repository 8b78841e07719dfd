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

    /// <summary>
    /// torch.optim.RAdam (TorchSharp has neither maximize nor decoupled weight decay; its lr default is 0.002, PyTorch's
    /// 0.001), at lr = 1 only: TorchSharp multiplies the rectified update by lr twice, which is PyTorch's update only where
    /// lr·lr = lr (TorchSharpDepartureTests pins the departure).
    /// </summary>
    public override TorchSharpOptimizer<RAdamOptions> TorchSharp { get; } = new("RAdam",
        o => [o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay],
        o => o.Maximize || o.DecoupledWeightDecay ? "TorchSharp's RAdam has neither maximize nor decoupled weight decay."
            : o.Lr != 1.0 ? "TorchSharp's RAdam applies lr twice once rectified; it is PyTorch's RAdam only at lr = 1." : null);

    public override IReadOnlyDictionary<string, RAdamOptions> TorchSharpCases { get; } = new Dictionary<string, RAdamOptions>
    {
        ["RAdam lr=1"] = new RAdamOptions { Lr = 1.0 },
        ["RAdam lr=1 betas=(0.8,0.99) weight_decay=0.1"] = new RAdamOptions { Lr = 1.0, Beta1 = 0.8, Beta2 = 0.99, WeightDecay = 0.1 },
    };

    /// <summary>
    /// At lr = 1 the first (unrectified) steps move θ by the whole bias-corrected momentum: the parity cases train on the
    /// loss scaled by 1e-3 (gradients ~0.05 instead of ~50).
    /// </summary>
    public override double ParityLossScale => 1e-3;

    /// <summary>RAdam: U as Adam's (the same m difference; the rectification r_t ≤ 1 only shrinks it).</summary>
    public override double UlpsPerStep(RAdamOptions o) =>
        2 * (1 + 3 * o.Lr / ((1 - o.Beta1) * Math.Sqrt(1 - o.Beta2)));

    /// <summary>
    /// RAdam's R_s: <c>2 · (5 + κ_s·ε64/ε_T)</c>, where κ_s bounds how much the difference between <c>Math.Pow</c> and
    /// repeated squaring in β1^s and β2^s is magnified in the update's scalar factors.
    /// </summary>
    /// <remarks>
    /// Binary powering's relative error is at most (s − 1) half-ulps (each squaring doubles what it inherits) and the
    /// platform's pow is within one ulp, so the two values of β^s differ by δ ≤ (s + 1)/2 · ε64 relative. The factors:
    /// 1/(1 − β1^s) changes by δ·β1^s/(1 − β1^s); √(1 − β2^s) by δ·β2^s/(2(1 − β2^s)); and the rectification
    /// r = √((ρ − 4)(ρ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ)) with ρ = ρ∞ − q, q = 2s·β2^s/(1 − β2^s), is ill-conditioned where ρ
    /// is just above 5: q (≈ 2000 for β2 = 0.999) moves by q·δ/(1 − β2^s), and r by half of (1/(ρ − 4) + 1/(ρ − 2) − 1/ρ)
    /// times that — a magnification of ~10⁵ at the first rectified step, measured as a few hundred ulps of θ in float64.
    /// The 5: four scalars (bias correction, √(1 − β2^s), r, lr) rounding to neighbouring values in T, and one fused or
    /// reordered operation (TorchSharp divides the scalar √(1 − β2^s) by the tensor where PyTorch multiplies a reciprocal).
    /// </remarks>
    public override double UpdateUlps(RAdamOptions o, long step, double epsilonT)
    {
        double delta = (step + 1) / 2.0;
        double p1 = Math.Pow(o.Beta1, step), p2 = Math.Pow(o.Beta2, step);
        double kappa = delta * p1 / (1 - p1);
        double rhoInf = 2 / (1 - o.Beta2) - 1;
        double q = 2 * step * p2 / (1 - p2);
        double rho = rhoInf - q;
        if (rho > 5)
        {
            kappa += delta * p2 / (2 * (1 - p2));
            kappa += 0.5 * Math.Abs(1 / (rho - 4) + 1 / (rho - 2) - 1 / rho) * q * delta / (1 - p2);
        }

        return 2 * (5 + kappa * Math.Pow(2, -52) / epsilonT);
    }

    public override string OptionOrder => "lr beta1 beta2 eps weight_decay decoupled_weight_decay maximize";

    public override StateKeys[] State => [new("", "RAdam", ["step", "exp_avg", "exp_avg_sq"])];

    public override KernelSpans[] Kernels => [new("RAdam", 4, s => KernelDispatch.RunElementwise(default(RAdamScalars<double>), s[0], s[1], s[2], s[3]))];

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
