using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using static OptimizerLab.TestTable.PinnedRun;

namespace OptimizerLab.TestTable.Entries;

/// <summary>Every SGD option against torch's <c>_single_tensor_sgd</c>, in both precisions.</summary>
internal sealed class SgdEntry : OptimizerEntry<SgdOptions>
{
    public override string Name => "sgd";

    public override (string Key, string[] Values)[][] Settings =>
    [
        [("lr", ["1e-3", "3e-3"]), ("momentum", ["", "0.9"]), ("dampening", ["", "0.1"]), ("weight_decay", WeightDecayValues)],
        [("lr", ["1e-3", "3e-3"]), ("momentum", ["0.9", "0.5"]), ("nesterov", ["true"]), ("weight_decay", WeightDecayValues)],
    ];

    public override string? NotScaleInvariantUpToEps => "its step is linear in the gradient (its own scaling property applies)";

    public override bool MomentumFree => true;

    public override string Parity => "TorchSharp";

    /// <summary>torch.optim.SGD (TorchSharp requires the lr; PyTorch's default is 1e-3).</summary>
    public override TorchSharpOptimizer<SgdOptions> TorchSharp { get; } = new("SGD",
        o => [o.Lr, o.Momentum, o.Dampening, o.WeightDecay, o.Nesterov, o.Maximize],
        o => o.Maximize && o.WeightDecay != 0 ? "TorchSharp's SGD adds weight decay before it negates for maximize; PyTorch negates first." : null);

    public override IReadOnlyDictionary<string, SgdOptions> TorchSharpCases { get; } = new Dictionary<string, SgdOptions>
    {
        ["SGD lr=1e-3"] = new SgdOptions(),
        ["SGD momentum=0.9 dampening=0.1 weight_decay=0.1"] = new SgdOptions { Momentum = 0.9, Dampening = 0.1, WeightDecay = 0.1 },
        ["SGD momentum=0.9 nesterov"] = new SgdOptions { Momentum = 0.9, Nesterov = true },
        // Gradient ascent on a quadratic grows θ by (1 + lr·λ_max) per step: lr = 1e-5 keeps that below e^2 over 1000 steps.
        ["SGD lr=1e-5 momentum=0.5 maximize"] = new SgdOptions { Lr = 1e-5, Momentum = 0.5, Maximize = true },
    };

    /// <summary>SGD: <c>R = 2 · (1 + 1/(1 − μ) + [nesterov])</c> (with momentum μ > 0; R = 2 without).</summary>
    /// <remarks>
    /// TorchSharp runs PyTorch's operations one for one. Differences come only from fused multiply-adds in libtorch:
    /// θ + (−lr)·d (one ulp of the update), the buffer μ·b + (1 − τ)·g (one ulp of b per step, remembered for 1/(1 − μ)
    /// steps, and the update is lr·b), Nesterov's g + μ·b (one more).
    /// </remarks>
    public override double UpdateUlps(SgdOptions o, long step, double epsilonT) =>
        2 * (1 + (o.Momentum > 0 ? 1 / (1 - o.Momentum) : 0) + (o.Nesterov ? 1 : 0));

    public override string OptionOrder => "lr momentum dampening weight_decay nesterov maximize";

    // torch's SGD keeps only momentum_buffer, and only with momentum; "step" is ours (ParamState.Step).
    public override StateKeys[] State => [new("", "SGD", ["step"]), new("momentum=0.9", "SGD", ["step", "momentum_buffer"])];

    public override KernelSpans[] Kernels =>
        [new("SGD with momentum", 3, s => KernelDispatch.RunElementwise(default(SgdScalars<double>) with { Momentum = true }, s[0], s[1], s[2]))];

    public override IReadOnlyDictionary<string, OptionRange> OptionRanges { get; } = CommonRangesAnd(("dampening", new(double.IsFinite, "dampening")));

    public override IReadOnlyDictionary<string, SgdOptions> Pinning { get; } = new Dictionary<string, SgdOptions>
    {
        ["lr=0.05"] = new SgdOptions { Lr = 0.05 },
        ["momentum=0.9"] = new SgdOptions { Lr = 0.05, Momentum = 0.9 },
        ["momentum=0.9 dampening=0.3"] = new SgdOptions { Lr = 0.05, Momentum = 0.9, Dampening = 0.3 },
        ["momentum=0.9 nesterov"] = new SgdOptions { Lr = 0.05, Momentum = 0.9, Nesterov = true },
        ["maximize"] = new SgdOptions { Lr = 0.05, Maximize = true },
        ["weight_decay=0.2"] = new SgdOptions { Lr = 0.05, WeightDecay = 0.2 },
        ["momentum=0.9 nesterov weight_decay=0.2 maximize"] =
            new SgdOptions { Lr = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 0.2, Maximize = true },
    };

    public override IReferenceStep<T> Model<T>(SgdOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/sgd.py, <c>_single_tensor_sgd</c>, for one tensor.</summary>
    internal sealed class Reference<T>(SgdOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _buffer; // torch's momentum_buffer: None until the first step

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            bool first = _buffer is null;
            _buffer ??= new T[theta.Length];
            T momentum = T.CreateTruncating(o.Momentum);
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                if (o.WeightDecay != 0) g += T.CreateTruncating(o.WeightDecay) * theta[i];
                if (o.Momentum != 0)
                {
                    _buffer[i] = first ? g : _buffer[i] * momentum + T.CreateTruncating(1 - o.Dampening) * g;
                    g = o.Nesterov ? g + momentum * _buffer[i] : _buffer[i];
                }

                theta[i] += T.CreateTruncating(-o.Lr) * g;
            }
        }
    }
}
