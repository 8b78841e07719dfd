using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using static OptimizerLab.TestTable.PinnedRun;

namespace OptimizerLab.TestTable.Entries;

/// <summary>Every Adagrad option against torch's <c>_single_tensor_adagrad</c>, in both precisions.</summary>
internal sealed class AdagradEntry : OptimizerEntry<AdagradOptions>
{
    public override string Name => "adagrad";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1e-2", "1e-1"]), ("lr_decay", ["", "0.01"]), ("initial_accumulator_value", ["", "0.1"]), ("weight_decay", WeightDecayValues)]];

    public override bool MomentumFree => true;

    public override string Parity => "TorchSharp";

    /// <summary>torch.optim.Adagrad (TorchSharp has no maximize).</summary>
    public override TorchSharpOptimizer<AdagradOptions> TorchSharp { get; } = new("Adagrad",
        o => [o.Lr, o.LrDecay, o.WeightDecay, o.InitialAccumulatorValue, o.Eps],
        o => o.Maximize ? "TorchSharp's Adagrad has no maximize." : null);

    public override IReadOnlyDictionary<string, AdagradOptions> TorchSharpCases { get; } = new Dictionary<string, AdagradOptions>
    {
        ["Adagrad"] = new AdagradOptions(),
        ["Adagrad lr_decay=1e-2 weight_decay=0.1 initial_accumulator_value=0.5 eps=1e-6"] =
            new AdagradOptions { LrDecay = 1e-2, WeightDecay = 0.1, InitialAccumulatorValue = 0.5, Eps = 1e-6 },
    };

    /// <summary>Adagrad: <c>R_s = 2 · (1 + s/2)</c>.</summary>
    /// <remarks>
    /// TorchSharp runs PyTorch's operations one for one. The sum of squared gradients is a running sum: each side is
    /// within (s − 1) half-ulps of the exact sum after s additions (recursive summation), so where libtorch fuses
    /// <c>addcmul_</c> the two sums differ by at most s·ε relative; the update divides by its square root (s/2 ulps), and
    /// the fused <c>addcdiv_</c> adds one.
    /// </remarks>
    public override double UpdateUlps(AdagradOptions o, long step, double epsilonT) => 2 * (1 + step / 2.0);

    public override string OptionOrder => "lr lr_decay weight_decay initial_accumulator_value eps maximize";

    public override StateKeys[] State => [new("", "Adagrad", ["step", "sum"])];

    public override KernelSpans[] Kernels => [new("Adagrad", 3, s => KernelDispatch.RunElementwise(default(AdagradScalars<double>), s[0], s[1], s[2]))];

    public override IReadOnlyDictionary<string, OptionRange> OptionRanges { get; } = CommonRangesAnd(("lr_decay", new(v => v >= 0 && double.IsFinite(v), "lr_decay")), ("initial_accumulator_value", new(v => v >= 0 && double.IsFinite(v), "initial_accumulator_value")));

    public override IReadOnlyDictionary<string, AdagradOptions> Pinning { get; } = new Dictionary<string, AdagradOptions>
    {
        ["defaults"] = new AdagradOptions(),
        ["lr=0.1 lr_decay=0.05"] = new AdagradOptions { Lr = 0.1, LrDecay = 0.05 },
        ["initial_accumulator_value=0.5 eps=1e-2"] = new AdagradOptions { Lr = 0.1, InitialAccumulatorValue = 0.5, Eps = 1e-2 },
        ["maximize"] = new AdagradOptions { Lr = 0.1, Maximize = true },
        ["weight_decay=0.2"] = new AdagradOptions { Lr = 0.1, WeightDecay = 0.2 },
        ["lr_decay=0.05 weight_decay=0.2 maximize"] = new AdagradOptions { Lr = 0.1, LrDecay = 0.05, WeightDecay = 0.2, Maximize = true },
    };

    public override IReferenceStep<T> Model<T>(AdagradOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/adagrad.py, <c>_single_tensor_adagrad</c>, for one tensor.</summary>
    internal sealed class Reference<T>(AdagradOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _sum;
        private long _step;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _sum ??= Enumerable.Repeat(T.CreateTruncating(o.InitialAccumulatorValue), theta.Length).ToArray();
            _step++;
            T negClr = T.CreateTruncating(-(o.Lr / (1 + (_step - 1) * o.LrDecay)));
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                if (o.WeightDecay != 0) g += T.CreateTruncating(o.WeightDecay) * theta[i];
                _sum[i] += g * g;
                theta[i] += negClr * g / (T.Sqrt(_sum[i]) + T.CreateTruncating(o.Eps));
            }
        }
    }
}
