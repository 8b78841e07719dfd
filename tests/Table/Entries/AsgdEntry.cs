using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable.Entries;

/// <summary>ASGD: every option against torch's <c>_single_tensor_asgd</c>, in both precisions.</summary>
internal sealed class AsgdEntry : OptimizerEntry<AsgdOptions>
{
    public override string Name => "asgd";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1e-2", "1e-3"]), ("lambd", ["", "1e-2"]), ("alpha", ["", "0.5"]), ("t0", ["", "10"]), ("weight_decay", WeightDecayValues), ("maximize", Switch)]];

    public override string? NotScaleInvariantUpToEps => "its step is linear in the gradient, like SGD's, and its decay term λ·η·θ is not scaled";

    public override string? ZeroGradientMoves => "every step shrinks θ by (1 − λ·η), gradient or not";

    public override string[] BuffersHoldingTheta => ["ax"];

    public override string Parity =>
        "TorchSharp (TorchSharp keeps η in double, PyTorch rounds it to float32: in the bound) and the PyTorch 1.13 fixtures (η and μ bit for bit, θ and ax within the fused multiply-add bound)";

    /// <summary>torch.optim.ASGD with every argument from our options (TorchSharp's factory defaults lr to 1e-3, PyTorch to 1e-2).</summary>
    public override TorchSharpOptimizer<AsgdOptions> TorchSharp { get; } = new("ASGD",
        o => [o.Lr, o.Lambd, o.Alpha, o.T0, o.WeightDecay, o.Maximize]);

    public override IReadOnlyDictionary<string, AsgdOptions> TorchSharpCases { get; } = new Dictionary<string, AsgdOptions>
    {
        ["ASGD lr=1e-3"] = new AsgdOptions { Lr = 1e-3 },
        ["ASGD lr=1e-3 lambd=1e-2 alpha=0.5 t0=100 weight_decay=0.1"] = new AsgdOptions { Lr = 1e-3, Lambd = 1e-2, Alpha = 0.5, T0 = 100, WeightDecay = 0.1 },
        ["ASGD lr=1e-5 maximize"] = new AsgdOptions { Lr = 1e-5, Maximize = true },
    };

    /// <summary>ASGD: <c>U = 2 + 2·λ·lr·(ε32/ε_T)</c>, <c>R = 2·(1 + [wd ≠ 0]) + 2·ε32/ε_T</c>.</summary>
    /// <remarks>
    /// PyTorch (and OptimizerLab) keep η as a float32 0-d tensor whatever the dtype; TorchSharp keeps it in double. So
    /// in float64 the two η differ by up to half an ulp of float32 (ε32/2 relative): the step η·g by ε32/2 of the update,
    /// the decay factor 1 − λη by λ·η·ε32/2 ≤ λ·lr·ε32/2 of θ (η ≤ lr). In float32 both sides round η to float32, from
    /// two double values that may differ in their last bit (<c>Math.Pow</c> against our <c>DeterministicMath.Pow</c>), so
    /// one ulp of η at most: the same terms with ε32/ε_T = 1. Otherwise TorchSharp runs PyTorch's operations one for one;
    /// libtorch may fuse <c>add_(grad, alpha=−η)</c> and the weight decay's <c>add(θ, alpha=wd)</c> (one ulp of the update
    /// each), and the two sides may round θ apart (one ulp). All doubled as margin.
    /// </remarks>
    public override double UlpsPerStepAt(AsgdOptions o, double epsilonT) => 2 * o.Lambd * o.Lr * Math.Pow(2, -23) / epsilonT;

    /// <summary>ASGD's R (see <see cref="UlpsPerStepAt"/>).</summary>
    public override double UpdateUlps(AsgdOptions o, long step, double epsilonT) =>
        2 * (1 + (o.WeightDecay != 0 ? 1 : 0)) + 2 * Math.Pow(2, -23) / epsilonT;

    public override string[] PyTorchFixtures =>
        ["ASGD.defaults.f32", "ASGD.defaults.f64", "ASGD.t0_10_wd0.01.f32", "ASGD.t0_10_wd0.01.f64"];

    public override string OptionOrder => "lr lambd alpha t0 weight_decay maximize";

    public override StateKeys[] State => [new("", "ASGD", ["step", "eta", "mu", "ax"], Scalars: ["eta", "mu"])];

    public override KernelSpans[] Kernels =>
        [new("ASGD", 3, s => KernelDispatch.RunElementwise(default(AsgdScalars<double>), s[0], s[1], s[2]))];

    // torch 2.x checks lambd and alpha (1.13 did not); t0 is unchecked by torch, finite here.
    public override IReadOnlyDictionary<string, OptionRange> OptionRanges { get; } = CommonRangesAnd(
        ("lambd", new(v => v >= 0 && double.IsFinite(v), "lambd")),
        ("alpha", new(v => v >= 0 && double.IsFinite(v), "alpha")),
        ("t0", new(double.IsFinite, "t0")));

    public override IReadOnlyDictionary<string, AsgdOptions> Pinning { get; } = new Dictionary<string, AsgdOptions>
    {
        ["defaults"] = new AsgdOptions(),
        // λ·lr·t reaches 0.4 by step 40, so η decays visibly; averaging starts after step 5.
        ["lr=0.1 lambd=0.1 alpha=0.6 t0=5"] = new AsgdOptions { Lr = 0.1, Lambd = 0.1, Alpha = 0.6, T0 = 5 },
        ["maximize"] = new AsgdOptions { Lr = 0.05, Maximize = true },
        ["weight_decay=0.2"] = new AsgdOptions { Lr = 0.05, WeightDecay = 0.2 },
    };

    public override IReferenceStep<T> Model<T>(AsgdOptions options) => new Reference<T>(options);

    /// <summary>
    /// torch/optim/asgd.py, <c>_single_tensor_asgd</c>, for one tensor: η and μ are float32 0-d tensors (torch's default
    /// dtype) read back with <c>.item()</c>; the Python scalars are doubles and <c>**</c> is the C library's pow.
    /// </summary>
    internal sealed class Reference<T>(AsgdOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _ax;
        private float _eta = (float)o.Lr;
        private float _mu = 1;
        private long _step;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _ax ??= new T[theta.Length];
            _step++;
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                if (o.WeightDecay != 0) g += T.CreateTruncating(o.WeightDecay) * theta[i];
                theta[i] *= T.CreateTruncating(1 - o.Lambd * _eta);
                theta[i] += T.CreateTruncating(-(double)_eta) * g;
                _ax[i] = _mu != 1 ? _ax[i] + (theta[i] - _ax[i]) * T.CreateTruncating(_mu) : theta[i];
            }

            _eta = (float)(o.Lr / Math.Pow(1 + o.Lambd * o.Lr * _step, o.Alpha));
            _mu = (float)(1 / Math.Max(1, _step - o.T0));
        }
    }
}
