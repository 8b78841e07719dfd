using System.Numerics;
using OptimizerLab.Optimizers;
using static OptimizerLab.Properties.Core.OptionPinning.PinnedRun;

namespace OptimizerLab.Properties.Core.OptionPinning;

/// <summary>Every Adagrad option against torch's <c>_single_tensor_adagrad</c>, in both precisions.</summary>
public class AdagradOptionPinningTests
{
    private static readonly Dictionary<string, AdagradOptions> Cases = new()
    {
        ["defaults"] = new AdagradOptions(),
        ["lr=0.1 lr_decay=0.05"] = new AdagradOptions { Lr = 0.1, LrDecay = 0.05 },
        ["initial_accumulator_value=0.5 eps=1e-2"] = new AdagradOptions { Lr = 0.1, InitialAccumulatorValue = 0.5, Eps = 1e-2 },
        ["maximize"] = new AdagradOptions { Lr = 0.1, Maximize = true },
        ["weight_decay=0.2"] = new AdagradOptions { Lr = 0.1, WeightDecay = 0.2 },
        ["lr_decay=0.05 weight_decay=0.2 maximize"] = new AdagradOptions { Lr = 0.1, LrDecay = 0.05, WeightDecay = 0.2, Maximize = true },
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
        Pin($"Adagrad {name}", p => new Adagrad<T>([p], Cases[name]), new Reference<T>(Cases[name]));

    /// <summary>torch/optim/adagrad.py, <c>_single_tensor_adagrad</c>, for one tensor.</summary>
    private sealed class Reference<T>(AdagradOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
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
