using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable.Entries;

/// <summary>
/// Adafactor (<c>torch.optim.Adafactor</c>, PyTorch 2.5+): newer than PyTorch 1.13 and TorchSharp, so its reference is
/// torch's documented algorithm, in the hand steps below, in <c>Properties/Core/AdafactorTests</c> (two-step, clipping,
/// 3-D) and in the scalar model of the pinning cases.
/// </summary>
internal sealed class AdafactorEntry : OptimizerEntry<AdafactorOptions>
{
    public override string Name => "adafactor";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1e-2", "1e-3"]), ("beta2_decay", ["", "-0.5"]), ("d", ["", "2"]), ("weight_decay", ["", "0.01"]), ("maximize", Switch)]];

    public override WeightDecayKind WeightDecay => WeightDecayKind.Decoupled;

    public override string? NotScaleInvariantUpToEps =>
        "its eps is a pair: a loss scaled by c is seen through ε1/c (the floor of √V̂), but ε2 floors RMS(θ) in the step size α, which no loss scale reaches";

    public override string? InfiniteParameterSpreads => "its step size α is relative to RMS(θ), which an infinite element makes infinite (as in torch)";

    // No momentum: U = G/max(√V̂, ε1) is 0 where G is 0, and without decay the step is α·U.
    public override bool MomentumFree => true;

    public override HandStep[] HandSteps =>
    [
        // α = max(1e-3, RMS θ0 = 1)·min(0.25, 1) = 0.25; at t = 1 the weight 1^-0.8 = 1 takes the means. G = [[3, 4], [0, 0]]:
        // R = [12.5, 0], C = [4.5, 8], mean(R) = 6.25, V̂ = R·Cᵀ/6.25 = [[9, 16], [0, 0]] (0 floored at ε1²), U = [[1, 1], [0, 0]],
        // RMS(U) = √0.5 < d = 1: θ1 = θ0 − 0.25·U.
        new("lr=0.25", [1, -1, 1, -1], [3, 4, 0, 0], [0.75, -1.25, 1, -1], Shape: [2, 2]),
        // As a vector: V̂ = G², U = G/|G| (0 where G = 0): the same step here.
        new("lr=0.25", [1, -1, 1, -1], [3, 4, 0, 0], [0.75, -1.25, 1, -1]),
        // RMS θ0 = 3: α = 3·0.5 = 1.5; decoupled decay θ·(1 − 0.5·0.5) after α; maximize: U = sign(−G) = [−1, 1, 1, −1].
        new("lr=0.5 weight_decay=0.5 maximize=true", [3, -3, 3, -3], [1, -2, -4, 8], [2.25 + 1.5, -2.25 - 1.5, 2.25 - 1.5, -2.25 + 1.5]),
        // eps1 = 0.5 floors √V̂: G = 0.25 gives U = 0.25/0.5 = 0.5, G = 2 gives U = 1; α = 0.25.
        new("lr=0.25 eps=0.5,0.001", [1, -1], [0.25, 2], [0.875, -1.25]),
    ];

    public override string Parity =>
        "hand-computed steps from torch 2.5's documented algorithm (HandSteps here, Properties/Core/AdafactorTests): torch " +
        "1.13 and TorchSharp have no Adafactor; norms are summed in double in a fixed order, so torch agrees to rounding";

    public override string OptionOrder => "lr beta2_decay eps1 eps2 d weight_decay maximize";

    public override StateKeys[] State => [new("", "Adafactor", ["step", "variance"])];

    public override IReadOnlyDictionary<string, OptionRange> OptionRanges { get; } = new Dictionary<string, OptionRange>
    {
        ["lr"] = CommonRanges["lr"],
        ["beta2_decay"] = new(v => v <= 0 && double.IsFinite(v), "beta2_decay"),
        ["eps1"] = new(v => v >= 0 && double.IsFinite(v), "eps"),
        ["eps2"] = new(v => v >= 0 && double.IsFinite(v), "eps"),
        ["d"] = new(v => v >= 1 && double.IsFinite(v), "d"),
        ["weight_decay"] = CommonRanges["weight_decay"],
    };

    public override KernelSpans[] Kernels =>
    [
        new("Adafactor lerp", 2, s => AdafactorKernel.Lerp<double>(s[0], s[1], 0.5)),
        new("Adafactor vector", 3, s => AdafactorKernel.VectorUpdate<double>(s[0], s[1], s[2], default(AdafactorScalars<double>))),
        new("Adafactor factored row", 3, s => AdafactorKernel.FactoredRow<double>(s[0], 1, s[1], 1, s[2], default(AdafactorScalars<double>))),
    ];

    public override IReadOnlyDictionary<string, AdafactorOptions> Pinning { get; } = new Dictionary<string, AdafactorOptions>
    {
        ["defaults"] = new AdafactorOptions(),
        ["lr=0.5 beta2_decay=-0.5"] = new AdafactorOptions { Lr = 0.5, Beta2Decay = -0.5 },
        ["eps=(1e-3,0.5) d=1.5"] = new AdafactorOptions { Eps1 = 1e-3, Eps2 = 0.5, D = 1.5 },
        ["weight_decay=0.2"] = new AdafactorOptions { Lr = 0.1, WeightDecay = 0.2 },
        ["maximize"] = new AdafactorOptions { Lr = 0.1, Maximize = true },
    };

    public override IReferenceStep<T> Model<T>(AdafactorOptions options) => new Reference<T>(options);

    /// <summary>
    /// torch's _single_tensor_adafactor for a vector, element by element: w = t^τ, ρ = min(lr, 1/√t), α = max(ε2, RMS(θ))·ρ;
    /// θ·(1 − lr·λ); V = lerp(V, G², w); U = rsqrt(max(V, ε1²))·G; θ += (−α/max(1, RMS(U)/d))·U. The norms are the library's
    /// (summed in double in a fixed lane order, rounded to T as torch's <c>norm().item()</c> is): the summation order is
    /// ours, not torch's, and is pinned here so that every other operation can be compared bit for bit.
    /// </summary>
    internal sealed class Reference<T>(AdafactorOptions o) : IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private T[]? _v;
        private long _step;

        public void Step(T[] theta, ReadOnlySpan<T> grad)
        {
            _v ??= new T[theta.Length];
            _step++;
            double weight = PinnedRun.Pow(_step, o.Beta2Decay);
            double rho = Math.Min(o.Lr, 1 / Math.Sqrt(_step));
            double alpha = Math.Max(o.Eps2, Norm(theta) / Math.Sqrt(theta.Length)) * rho;
            double eps1 = o.Eps1 ?? double.CreateTruncating(T.BitIncrement(T.One) - T.One);
            if (o.WeightDecay != 0)
            {
                for (int i = 0; i < theta.Length; i++) theta[i] *= T.CreateTruncating(1 - o.Lr * o.WeightDecay);
            }

            var update = new T[theta.Length];
            for (int i = 0; i < theta.Length; i++)
            {
                T g = o.Maximize ? -grad[i] : grad[i];
                _v[i] = PinnedRun.Lerp(_v[i], g * g, T.CreateTruncating(weight));
                update[i] = T.One / T.Sqrt(T.Max(_v[i], T.CreateTruncating(eps1 * eps1))) * g;
            }

            double denominator = Math.Max(1.0, Norm(update) / (Math.Sqrt(theta.Length) * o.D));
            for (int i = 0; i < theta.Length; i++) theta[i] += T.CreateTruncating(-alpha / denominator) * update[i];
        }

        private static double Norm(T[] values) => double.CreateTruncating(T.CreateTruncating(Math.Sqrt(NormKernel.SumOfSquares<T>(values))));
    }
}
