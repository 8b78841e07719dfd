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

    public override string OptionOrder => "lr alpha eps weight_decay momentum centered maximize";

    public override StateKeys[] State =>
        [new("", "RMSprop", ["step", "square_avg"]), new("momentum=0.5|centered=true", "RMSprop", ["step", "square_avg", "momentum_buffer", "grad_avg"])];

    public override KernelSpans[] Kernels =>
    [
        new("centered RMSprop with momentum", 5,
            s => RmsPropKernel.Update<double>(s[0], s[1], s[2], s[3], s[4], default(RmsPropScalars<double>) with { Centered = true, Momentum = true })),
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
