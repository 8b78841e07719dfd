using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core.OptionPinning;

/// <summary>Every ASGD option against torch's <c>_single_tensor_asgd</c>, in both precisions.</summary>
internal sealed class AsgdPinning : PinnedOptimizer<AsgdOptions>
{
    public override string Name => "asgd";

    protected override IReadOnlyDictionary<string, AsgdOptions> Cases { get; } = new Dictionary<string, AsgdOptions>
    {
        ["defaults"] = new AsgdOptions(),
        // λ·lr·t reaches 0.4 by step 40, so η decays visibly; averaging starts after step 5.
        ["lr=0.1 lambd=0.1 alpha=0.6 t0=5"] = new AsgdOptions { Lr = 0.1, Lambd = 0.1, Alpha = 0.6, T0 = 5 },
        ["maximize"] = new AsgdOptions { Lr = 0.05, Maximize = true },
        ["weight_decay=0.2"] = new AsgdOptions { Lr = 0.05, WeightDecay = 0.2 },
    };

    protected override IOptimizer<T> Create<T>(Parameter<T> parameter, AsgdOptions options) => new Asgd<T>([parameter], options);

    protected override IReferenceStep<T> Model<T>(AsgdOptions options) => new Reference<T>(options);

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
