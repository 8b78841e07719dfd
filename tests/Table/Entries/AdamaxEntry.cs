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

    public override string OptionOrder => "lr beta1 beta2 eps weight_decay maximize";

    public override StateKeys[] State => [new("", "Adamax", ["step", "exp_avg", "exp_inf"])];

    public override KernelSpans[] Kernels => [new("Adamax", 4, s => AdamaxKernel.Update<double>(s[0], s[1], s[2], s[3], default(AdamaxScalars<double>)))];

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
