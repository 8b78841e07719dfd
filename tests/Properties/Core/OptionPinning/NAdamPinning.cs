using System.Numerics;
using OptimizerLab.Optimizers;
using static OptimizerLab.Properties.Core.OptionPinning.PinnedRun;

namespace OptimizerLab.Properties.Core.OptionPinning;

/// <summary>Every NAdam option against torch's <c>_single_tensor_nadam</c>, step by step, in both precisions.</summary>
internal sealed class NAdamPinning : PinnedOptimizer<NAdamOptions>
{
    public override string Name => "nadam";

    protected override IReadOnlyDictionary<string, NAdamOptions> Cases { get; } = new Dictionary<string, NAdamOptions>
    {
        ["defaults"] = new NAdamOptions(),
        ["lr=0.05 betas=(0.8,0.95) eps=1e-3"] = new NAdamOptions { Lr = 0.05, Beta1 = 0.8, Beta2 = 0.95, Eps = 1e-3 },
        ["momentum_decay=0.3"] = new NAdamOptions { Lr = 0.05, MomentumDecay = 0.3 },
        ["maximize"] = new NAdamOptions { Lr = 0.05, Maximize = true },
        ["weight_decay=0.2 (coupled)"] = new NAdamOptions { Lr = 0.05, WeightDecay = 0.2 },
        ["weight_decay=0.2 decoupled"] = new NAdamOptions { Lr = 0.05, WeightDecay = 0.2, DecoupledWeightDecay = true },
        ["wd=0.2 decoupled maximize momentum_decay=0.3"] =
            new NAdamOptions { Lr = 0.05, WeightDecay = 0.2, DecoupledWeightDecay = true, Maximize = true, MomentumDecay = 0.3 },
    };

    protected override IOptimizer<T> Create<T>(Parameter<T> parameter, NAdamOptions options) => new NAdam<T>([parameter], options);

    protected override IReferenceStep<T> Model<T>(NAdamOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/nadam.py, <c>_single_tensor_nadam</c>, for one tensor.</summary>
    internal sealed class Reference<T>(NAdamOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _m, _v;
        private long _step;

        public T MuProduct { get; private set; } = T.One;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _m ??= new T[theta.Length];
            _v ??= new T[theta.Length];
            _step++;
            double biasCorrection2 = 1 - Pow(o.Beta2, _step);
            double mu = o.Beta1 * (1.0 - 0.5 * Pow(0.96, _step * o.MomentumDecay));
            double muNext = o.Beta1 * (1.0 - 0.5 * Pow(0.96, (_step + 1) * o.MomentumDecay));
            MuProduct *= T.CreateTruncating(mu); // mu_product *= mu: a T tensor times a Python float
            double muProductNext = double.CreateTruncating(MuProduct) * muNext;
            T gradValue = T.CreateTruncating(-o.Lr * (1.0 - mu) / (1.0 - double.CreateTruncating(MuProduct)));
            T expAvgValue = T.CreateTruncating(-o.Lr * muNext / (1.0 - muProductNext));

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
                T denom = T.Sqrt(_v[i] / T.CreateTruncating(biasCorrection2)) + T.CreateTruncating(o.Eps);
                theta[i] += gradValue * g / denom;
                theta[i] += expAvgValue * _m[i] / denom;
            }
        }
    }
}

/// <summary>NAdam state that the table does not see: the float32 μ-product, bit for bit over many steps.</summary>
public class NAdamMuProductTests
{
    [Fact]
    public void Float32_mu_product_is_a_float32_running_product_over_many_steps()
    {
        // torch keeps mu_product as a float32 0-d tensor and multiplies it in place: Π_t = fl(Π_{t-1}·fl(μ_t)) at every
        // step. A product kept in double and rounded only when stored drifts from that after a few steps.
        var o = new NAdamOptions { MomentumDecay = 0.3 };
        var reference = new NAdamPinning.Reference<float>(o);
        NAdam<float>? library = null;
        Parameter<float>? p = null;
        Pin("nadam momentum_decay=0.3", q => library = new NAdam<float>([p = q], o), reference, steps: 60,
            check: step => library!.StateOf(p!)!.MuProduct[0].Should().Be(reference.MuProduct, $"μ-product after step {step}"));
    }
}
