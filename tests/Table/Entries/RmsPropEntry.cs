using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using static OptimizerLab.TestTable.PinnedRun;

namespace OptimizerLab.TestTable.Entries;

/// <summary>Every RMSprop option against torch's <c>_single_tensor_rmsprop</c>, in both precisions.</summary>
internal sealed class RmsPropEntry : OptimizerEntry<RmsPropOptions>
{
    public override string Name => "rmsprop";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1e-3", "1e-2"]), ("alpha", ["", "0.9"]), ("momentum", ["", "0.9"]), ("centered", Switch), ("weight_decay", WeightDecayValues)]];

    public override bool MomentumFree => true;

    public override string Parity => "TorchSharp";

    /// <summary>torch.optim.RMSProp, every argument from our options (its class constructor's lr default is 0.001, PyTorch's 0.01).</summary>
    public override TorchSharpOptimizer<RmsPropOptions> TorchSharp { get; } = new("RMSProp",
        o => [o.Lr, o.Alpha, o.Eps, o.WeightDecay, o.Momentum, o.Centered, o.Maximize]);

    public override IReadOnlyDictionary<string, RmsPropOptions> TorchSharpCases { get; } = new Dictionary<string, RmsPropOptions>
    {
        ["RMSprop"] = new RmsPropOptions(),
        ["RMSprop lr=1e-3 alpha=0.9 centered momentum=0.9"] = new RmsPropOptions { Lr = 1e-3, Alpha = 0.9, Centered = true, Momentum = 0.9 },
        ["RMSprop alpha=0.9 weight_decay=0.1 maximize"] = new RmsPropOptions { Alpha = 0.9, WeightDecay = 0.1, Maximize = true },
    };

    /// <summary>RMSprop: <c>R = 2 · (1 + 1/(2(1 − α)) + 1/(1 − μ) + [centered] 3/(1 − α)^2.5)</c>.</summary>
    /// <remarks>
    /// v = α·v + (1 − α)·g² may differ by one ulp per step (fused), remembered for 1/(1 − α) steps; the update divides by
    /// √v, which halves the relative difference. The fused <c>addcdiv_</c> adds one ulp, the momentum buffer b = μ·b + g/avg
    /// one per step for 1/(1 − μ) steps. Centered: TorchSharp updates the gradient average ga with <c>mul_</c>+<c>add_</c>
    /// where PyTorch uses <c>lerp_</c>; as for Adam's m the two ga differ by at most 3ε·G/(1 − α). That moves
    /// avg² = v − ga² by at most 2·|ga|·3ε·G/(1 − α); with |ga| ≤ √v, G ≤ √(v/(1 − α)) and the centered variance
    /// v − ga² ≥ (1 − α)·v (the gradient's mean does not dominate its spread; it changes sign on this problem), the
    /// relative change of avg is at most 3ε/(1 − α)^2.5 — large for α near 1, so the centered case uses α = 0.9.
    /// </remarks>
    public override double UpdateUlps(RmsPropOptions o, long step, double epsilonT) =>
        2 * (1 + 0.5 / (1 - o.Alpha) + (o.Momentum > 0 ? 1 / (1 - o.Momentum) : 0)
             + (o.Centered ? 3 / Math.Pow(1 - o.Alpha, 2.5) : 0));

    public override string OptionOrder => "lr alpha eps weight_decay momentum centered maximize";

    public override StateKeys[] State =>
        [new("", "RMSprop", ["step", "square_avg"]), new("momentum=0.5|centered=true", "RMSprop", ["step", "square_avg", "momentum_buffer", "grad_avg"])];

    public override KernelSpans[] Kernels =>
    [
        new("centered RMSprop with momentum", 5,
            s => KernelDispatch.RunElementwise(default(RmsPropScalars<double>) with { Centered = true, Momentum = true }, s[0], s[1], s[2], s[3], s[4])),
    ];

    public override IReadOnlyDictionary<string, OptionRange> OptionRanges { get; } = CommonRangesAnd(("alpha", new(v => v >= 0 && double.IsFinite(v), "alpha")));

    public override IReadOnlyDictionary<string, RmsPropOptions> Pinning { get; } = new Dictionary<string, RmsPropOptions>
    {
        ["defaults"] = new RmsPropOptions(),
        ["lr=0.01 alpha=0.8 eps=1e-3"] = new RmsPropOptions { Lr = 0.01, Alpha = 0.8, Eps = 1e-3 },
        ["centered"] = new RmsPropOptions { Lr = 0.01, Centered = true },
        ["momentum=0.9"] = new RmsPropOptions { Lr = 0.01, Momentum = 0.9 },
        ["maximize"] = new RmsPropOptions { Lr = 0.01, Maximize = true },
        ["weight_decay=0.2"] = new RmsPropOptions { Lr = 0.01, WeightDecay = 0.2 },
        ["centered momentum=0.9 weight_decay=0.2 maximize"] =
            new RmsPropOptions { Lr = 0.01, Centered = true, Momentum = 0.9, WeightDecay = 0.2, Maximize = true },
    };

    public override IReferenceStep<T> Model<T>(RmsPropOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/rmsprop.py, <c>_single_tensor_rmsprop</c>, for one tensor.</summary>
    internal sealed class Reference<T>(RmsPropOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _squareAvg, _gradAvg, _buffer;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _squareAvg ??= new T[theta.Length];
            _gradAvg ??= new T[theta.Length];
            _buffer ??= new T[theta.Length];
            T alpha = T.CreateTruncating(o.Alpha), negLr = T.CreateTruncating(-o.Lr);
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                if (o.WeightDecay != 0) g += T.CreateTruncating(o.WeightDecay) * theta[i];
                _squareAvg[i] = _squareAvg[i] * alpha + T.CreateTruncating(1 - o.Alpha) * g * g;
                T avg;
                if (o.Centered)
                {
                    _gradAvg[i] = Lerp(_gradAvg[i], g, T.CreateTruncating(1 - o.Alpha));
                    avg = T.Sqrt(_squareAvg[i] - _gradAvg[i] * _gradAvg[i]);
                }
                else
                {
                    avg = T.Sqrt(_squareAvg[i]);
                }

                avg += T.CreateTruncating(o.Eps);
                if (o.Momentum > 0)
                {
                    _buffer[i] = _buffer[i] * T.CreateTruncating(o.Momentum) + g / avg;
                    theta[i] += negLr * _buffer[i];
                }
                else
                {
                    theta[i] += negLr * g / avg;
                }
            }
        }
    }
}
