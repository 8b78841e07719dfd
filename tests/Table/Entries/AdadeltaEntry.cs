using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using static OptimizerLab.TestTable.PinnedRun;

namespace OptimizerLab.TestTable.Entries;

/// <summary>
/// Every Adadelta option against torch's <c>_single_tensor_adadelta</c>, in both precisions. lr ≠ 1 in most rows: with
/// torch's default lr = 1 an lr applied inside the accumulated delta would look the same as lr applied to the parameter.
/// </summary>
internal sealed class AdadeltaEntry : OptimizerEntry<AdadeltaOptions>
{
    public override string Name => "adadelta";

    public override (string Key, string[] Values)[][] Settings => [[("lr", ["1.0", "0.5"]), ("rho", ["", "0.95"]), ("weight_decay", WeightDecayValues)]];

    public override string? NotScaleInvariantUpToEps => "eps sits inside both square roots of its ratio";

    public override bool MomentumFree => true;

    public override string Parity => "TorchSharp";

    /// <summary>torch.optim.Adadelta, every argument from our options.</summary>
    public override TorchSharpOptimizer<AdadeltaOptions> TorchSharp { get; } = new("Adadelta", o => [o.Lr, o.Rho, o.Eps, o.WeightDecay, o.Maximize]);

    public override IReadOnlyDictionary<string, AdadeltaOptions> TorchSharpCases { get; } = new Dictionary<string, AdadeltaOptions>
    {
        ["Adadelta"] = new AdadeltaOptions(),
        ["Adadelta lr=0.5 rho=0.5 eps=1e-4 weight_decay=0.1 maximize"] =
            new AdadeltaOptions { Lr = 0.5, Rho = 0.5, Eps = 1e-4, WeightDecay = 0.1, Maximize = true },
    };

    /// <summary>Adadelta: <c>R = 2 · (2 + 1/(1 − ρ))</c>.</summary>
    /// <remarks>
    /// TorchSharp runs PyTorch's operations one for one (it updates θ before the average of squared updates, which reads
    /// neither). The running averages v of g² and u of Δ² may each differ by one ulp per step (fused), remembered for
    /// 1/(1 − ρ) steps; the update √(u + eps)/√(v + eps)·g takes half of each relative difference; the divide, the
    /// multiply and the fused θ update add at most two more.
    /// </remarks>
    public override double UpdateUlps(AdadeltaOptions o, long step, double epsilonT) => 2 * (2 + 1 / (1 - o.Rho));

    public override string OptionOrder => "lr rho eps weight_decay maximize";

    public override StateKeys[] State => [new("", "Adadelta", ["step", "square_avg", "acc_delta"])];

    public override KernelSpans[] Kernels => [new("Adadelta", 4, s => KernelDispatch.RunElementwise(default(AdadeltaScalars<double>), s[0], s[1], s[2], s[3]))];

    public override IReadOnlyDictionary<string, OptionRange> OptionRanges { get; } = CommonRangesAnd(("rho", new(v => v >= 0 && v <= 1, "rho")));

    public override IReadOnlyDictionary<string, AdadeltaOptions> Pinning { get; } = new Dictionary<string, AdadeltaOptions>
    {
        ["defaults"] = new AdadeltaOptions(),
        ["lr=0.3"] = new AdadeltaOptions { Lr = 0.3 },
        ["lr=0.3 rho=0.5 eps=1e-2"] = new AdadeltaOptions { Lr = 0.3, Rho = 0.5, Eps = 1e-2 },
        ["lr=0.3 maximize"] = new AdadeltaOptions { Lr = 0.3, Maximize = true },
        ["lr=0.3 weight_decay=0.2"] = new AdadeltaOptions { Lr = 0.3, WeightDecay = 0.2 },
        ["lr=0.3 weight_decay=0.2 maximize"] = new AdadeltaOptions { Lr = 0.3, WeightDecay = 0.2, Maximize = true },
    };

    public override IReferenceStep<T> Model<T>(AdadeltaOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/adadelta.py, <c>_single_tensor_adadelta</c>, for one tensor.</summary>
    internal sealed class Reference<T>(AdadeltaOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _squareAvg, _accDelta;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _squareAvg ??= new T[theta.Length];
            _accDelta ??= new T[theta.Length];
            T rho = T.CreateTruncating(o.Rho), oneMinusRho = T.CreateTruncating(1 - o.Rho), eps = T.CreateTruncating(o.Eps);
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                if (o.WeightDecay != 0) g += T.CreateTruncating(o.WeightDecay) * theta[i];
                _squareAvg[i] = _squareAvg[i] * rho + oneMinusRho * g * g;
                T std = T.Sqrt(_squareAvg[i] + eps);
                T delta = T.Sqrt(_accDelta[i] + eps) / std * g;
                _accDelta[i] = _accDelta[i] * rho + oneMinusRho * delta * delta;
                theta[i] += T.CreateTruncating(-o.Lr) * delta;
            }
        }
    }
}
