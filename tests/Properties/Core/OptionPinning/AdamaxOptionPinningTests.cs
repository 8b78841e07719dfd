using System.Numerics;
using OptimizerLab.Optimizers;
using static OptimizerLab.Properties.Core.OptionPinning.PinnedRun;

namespace OptimizerLab.Properties.Core.OptionPinning;

/// <summary>Every Adamax option against torch's <c>_single_tensor_adamax</c>, in both precisions.</summary>
public class AdamaxOptionPinningTests
{
    private static readonly Dictionary<string, AdamaxOptions> Cases = new()
    {
        ["defaults"] = new AdamaxOptions(),
        ["lr=0.03 betas=(0.8,0.9) eps=1e-2"] = new AdamaxOptions { Lr = 0.03, Beta1 = 0.8, Beta2 = 0.9, Eps = 1e-2 },
        ["maximize"] = new AdamaxOptions { Lr = 0.03, Maximize = true },
        ["weight_decay=0.2"] = new AdamaxOptions { Lr = 0.03, WeightDecay = 0.2 },
        ["weight_decay=0.2 maximize"] = new AdamaxOptions { Lr = 0.03, WeightDecay = 0.2, Maximize = true },
    };

    public static TheoryData<string, string> Rows() => InBothPrecisions(Cases.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_step_is_torchs(string options, string precision)
    {
        if (precision == "float32") Run<float>(options);
        else Run<double>(options);
    }

    private static void Run<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> =>
        Pin($"Adamax {name}", p => new Adamax<T>([p], Cases[name]), new Reference<T>(Cases[name]));

    /// <summary>torch/optim/adamax.py, <c>_single_tensor_adamax</c>, for one tensor.</summary>
    private sealed class Reference<T>(AdamaxOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
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
