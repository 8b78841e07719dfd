using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable.Entries;

/// <summary>Rprop: every option against torch's <c>_single_tensor_rprop</c>, in both precisions; bit for bit with torch itself.</summary>
internal sealed class RpropEntry : OptimizerEntry<RpropOptions>
{
    public override string Name => "rprop";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1e-2", "1e-3"]), ("etas", ["", "0.3,1.5"]), ("step_sizes", ["", "1e-4,0.2"]), ("maximize", Switch)]];

    public override WeightDecayKind WeightDecay => WeightDecayKind.None;

    public override string? NotScaleInvariantUpToEps => "it has no eps: it reads only the signs of g and of g·prev, which ignore any positive scale";

    // A zero gradient has sign 0 and leaves g·prev at 0 (factor 1): θ and the step sizes stay, at any step.
    public override bool MomentumFree => true;

    public override string? LrZeroMoves =>
        "lr is only the first step size: the clamp lifts it to step_sizes[0] at the first step, and later sizes grow by etaplus whatever lr was";

    // prev = 0, so the factor is 1 and the step size stays lr = 0.5: θ − 0.5·sign(g); g = 0 keeps its element.
    public override HandStep[] HandSteps => [new("lr=0.5", [1, -1, 2], [0.5, -0.25, 0], [0.5, -0.5, 2])];

    public override string Parity =>
        "TorchSharp (bit for bit: tolerance 0) and the PyTorch 1.13 fixtures (bit for bit, θ and step sizes)";

    /// <summary>torch.optim.Rprop (TorchSharp has no maximize).</summary>
    public override TorchSharpOptimizer<RpropOptions> TorchSharp { get; } = new("Rprop",
        o => [o.Lr, o.Etaminus, o.Etaplus, o.StepSizeMin, o.StepSizeMax],
        o => o.Maximize ? "TorchSharp's Rprop has no maximize." : null);

    public override IReadOnlyDictionary<string, RpropOptions> TorchSharpCases { get; } = new Dictionary<string, RpropOptions>
    {
        ["Rprop"] = new RpropOptions(),
        ["Rprop lr=0.05 etas=(0.3,1.5) step_sizes=(1e-4,0.2)"] = new RpropOptions { Lr = 0.05, Etaminus = 0.3, Etaplus = 1.5, StepSizeMin = 1e-4, StepSizeMax = 0.2 },
    };

    /// <summary>Rprop: U = R = 0, bit for bit.</summary>
    /// <remarks>
    /// Every product in Rprop's update is exact (the sign of g·prev, a step size times ±1 or 0) except the step size
    /// times η±, one rounding that both sides do alike; a clamp and a comparison round nothing, and no operation can be
    /// fused with another. The PyTorch fixtures agree bit for bit too (<c>OptimizerFixtureTests</c>).
    /// </remarks>
    public override double UlpsPerStep(RpropOptions o) => 0;

    public override string[] PyTorchFixtures =>
        ["Rprop.defaults.f32", "Rprop.defaults.f64", "Rprop.lr0.05_etas0.3_1.5_max0.2.f32", "Rprop.lr0.05_etas0.3_1.5_max0.2.f64"];

    public override string OptionOrder => "lr etaminus etaplus step_size_min step_size_max maximize";

    public override StateKeys[] State => [new("", "Rprop", ["step", "prev", "step_size"])];

    public override KernelSpans[] Kernels =>
        [new("Rprop", 4, s => KernelDispatch.RunElementwise(default(RpropScalars<double>), s[0], s[1], s[2], s[3]))];

    // torch: 0 < etaminus < 1 < etaplus, each checked with the other at its default; step sizes unchecked by torch, finite here.
    public override IReadOnlyDictionary<string, OptionRange> OptionRanges { get; } = CommonRangesAnd(
        ("etaminus", new(v => v > 0 && v < 1, "etas")),
        ("etaplus", new(v => v > 1 && double.IsFinite(v), "etas")),
        ("step_size_min", new(double.IsFinite, "step_sizes")),
        ("step_size_max", new(double.IsFinite, "step_sizes")));

    public override IReadOnlyDictionary<string, RpropOptions> Pinning { get; } = new Dictionary<string, RpropOptions>
    {
        ["defaults"] = new RpropOptions(),
        ["lr=0.05 etas=(0.3,1.5)"] = new RpropOptions { Lr = 0.05, Etaminus = 0.3, Etaplus = 1.5 },
        // Both bounds bind within the 40 steps: sizes start at 0.05, grow by 1.5 to 0.2, shrink by 0.3 to 0.01.
        ["lr=0.05 etas=(0.3,1.5) step_sizes=(0.01,0.2)"] = new RpropOptions { Lr = 0.05, Etaminus = 0.3, Etaplus = 1.5, StepSizeMin = 0.01, StepSizeMax = 0.2 },
        ["maximize"] = new RpropOptions { Lr = 0.05, Maximize = true },
    };

    public override IReferenceStep<T> Model<T>(RpropOptions options) => new Reference<T>(options);

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
