using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core.OptionPinning;

/// <summary>Every Rprop option against torch's <c>_single_tensor_rprop</c>, in both precisions.</summary>
internal sealed class RpropPinning : PinnedOptimizer<RpropOptions>
{
    public override string Name => "rprop";

    protected override IReadOnlyDictionary<string, RpropOptions> Cases { get; } = new Dictionary<string, RpropOptions>
    {
        ["defaults"] = new RpropOptions(),
        ["lr=0.05 etas=(0.3,1.5)"] = new RpropOptions { Lr = 0.05, Etaminus = 0.3, Etaplus = 1.5 },
        // Both bounds bind within the 40 steps: sizes start at 0.05, grow by 1.5 to 0.2, shrink by 0.3 to 0.01.
        ["lr=0.05 etas=(0.3,1.5) step_sizes=(0.01,0.2)"] = new RpropOptions { Lr = 0.05, Etaminus = 0.3, Etaplus = 1.5, StepSizeMin = 0.01, StepSizeMax = 0.2 },
        ["maximize"] = new RpropOptions { Lr = 0.05, Maximize = true },
    };

    protected override IOptimizer<T> Create<T>(Parameter<T> parameter, RpropOptions options) => new Rprop<T>([parameter], options);

    protected override IReferenceStep<T> Model<T>(RpropOptions options) => new Reference<T>(options);

    /// <summary>torch/optim/rprop.py, <c>_single_tensor_rprop</c>, for one tensor: sign of g·prev → factor, clamp, zero, step.</summary>
    internal sealed class Reference<T>(RpropOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _prev;
        private T[]? _stepSize;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _prev ??= new T[theta.Length];
            _stepSize ??= Enumerable.Repeat(T.CreateTruncating(o.Lr), theta.Length).ToArray();
            T etaminus = T.CreateTruncating(o.Etaminus), etaplus = T.CreateTruncating(o.Etaplus);
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                T product = g * _prev[i];
                T factor = product > T.Zero ? etaplus : product < T.Zero ? etaminus : T.One;
                _stepSize[i] = T.Min(T.Max(_stepSize[i] * factor, T.CreateTruncating(o.StepSizeMin)), T.CreateTruncating(o.StepSizeMax));
                if (factor == etaminus) g = T.Zero;
                T sign = g > T.Zero ? T.One : g < T.Zero ? -T.One : T.Zero;
                theta[i] += -T.One * sign * _stepSize[i];
                _prev[i] = g;
            }
        }
    }
}
