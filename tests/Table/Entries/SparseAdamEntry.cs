using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable.Entries;

/// <summary>SparseAdam (<c>torch.optim.SparseAdam</c>): the lazy Adam on the touched rows of a dense gradient.</summary>
internal sealed class SparseAdamEntry : OptimizerEntry<SparseAdamOptions>
{
    public override string Name => "sparseadam";

    public override (string Key, string[] Values)[][] Settings => [[("lr", ["1e-3", "1e-2"]), ("betas", ["", "0.8,0.99"]), ("maximize", Switch)]];

    public override WeightDecayKind WeightDecay => WeightDecayKind.None;

    // lr 0.5, betas (0.5, 0.75), eps 1: m = 0.5·2 = 1, v = 0.25·4 = 1, step size 0.5·√0.25/0.5 = 0.5, θ = 1 − 0.5·1/(1 + 1);
    // the second element's gradient is 0: untouched, it stays.
    public override HandStep[] HandSteps => [new("lr=0.5 betas=0.5,0.75 eps=1", [1, 1], [2, 0], [0.75, 1])];

    public override string Parity =>
        "PyTorch 1.13 fixtures (Regression SparseAdamFixtureTests): bit-identical in float32 over 50 minibatch steps with " +
        "untouched rows, in float64 within the rounding of β^t (our repeated squaring against libm's pow); 2.x's sparse_adam " +
        "does the same element operations";

    public override string[] PyTorchFixtures => ["SparseAdam.lr0.01.f32", "SparseAdam.lr0.01.f64"];

    public override string OptionOrder => "lr beta1 beta2 eps maximize";

    public override StateKeys[] State => [new("", "SparseAdam", ["step", "exp_avg", "exp_avg_sq"])];

    public override IReadOnlyDictionary<string, OptionRange> OptionRanges { get; } = new Dictionary<string, OptionRange>
    {
        ["lr"] = CommonRanges["lr"], // torch's constructor wants lr > 0, a schedule may bring it to 0 (docs/pytorch-differences.md)
        ["eps"] = new(v => v > 0 && double.IsFinite(v), "eps"),
        ["beta1"] = CommonRanges["beta1"],
        ["beta2"] = CommonRanges["beta2"],
    };

    public override KernelSpans[] Kernels =>
    [
        new("SparseAdam vector", 4, s => SparseAdamKernel.Update<double>(s[0], s[1], s[2], s[3], 1, default(SparseAdamScalars<double>))),
        new("SparseAdam rows", 4, s => SparseAdamKernel.Update<double>(s[0], s[1], s[2], s[3], 2, default(SparseAdamScalars<double>))),
    ];

    public override IReadOnlyDictionary<string, SparseAdamOptions> Pinning { get; } = new Dictionary<string, SparseAdamOptions>
    {
        ["defaults"] = new SparseAdamOptions(),
        ["lr=0.05 betas=(0.5,0.9) eps=1e-3"] = new SparseAdamOptions { Lr = 0.05, Beta1 = 0.5, Beta2 = 0.9, Eps = 1e-3 },
        ["maximize"] = new SparseAdamOptions { Lr = 0.05, Maximize = true },
    };

    public override IReferenceStep<T> Model<T>(SparseAdamOptions options) => new Reference<T>(options);

    /// <summary>
    /// torch's sparse_adam per element of a touched row (every element here has a nonzero gradient): m += (g − m)(1 − β1);
    /// v += (g² − v)(1 − β2); θ += (−lr·√bc2/bc1)·(m/(√v + eps)), the step size in double.
    /// </summary>
    internal sealed class Reference<T>(SparseAdamOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _m, _v;
        private long _step;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _m ??= new T[theta.Length];
            _v ??= new T[theta.Length];
            _step++;
            double stepSize = o.Lr * Math.Sqrt(1 - PinnedRun.Pow(o.Beta2, _step)) / (1 - PinnedRun.Pow(o.Beta1, _step));
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                _m[i] += (g - _m[i]) * T.CreateTruncating(1 - o.Beta1);
                _v[i] += (g * g - _v[i]) * T.CreateTruncating(1 - o.Beta2);
                theta[i] += T.CreateTruncating(-stepSize) * (_m[i] / (T.Sqrt(_v[i]) + T.CreateTruncating(o.Eps)));
            }
        }
    }
}
