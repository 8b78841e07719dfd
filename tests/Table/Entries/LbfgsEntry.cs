using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable.Entries;

/// <summary>
/// L-BFGS: a closure optimizer, so the generic gradient-and-Step() properties leave it out (<see cref="NeedsClosure"/>);
/// tests/Properties/Core/LbfgsTests steps it through closures and tests/Regression/Fixtures/LbfgsFixtureTests against
/// PyTorch 1.13.
/// </summary>
internal sealed class LbfgsEntry : OptimizerEntry<LbfgsOptions>
{
    public override string Name => "lbfgs";

    public override (string Key, string[] Values)[][] Settings =>
        [[("lr", ["1", "0.5"]), ("max_iter", ["", "5"]), ("history_size", ["", "4"]), ("line_search_fn", ["", LbfgsOptions.StrongWolfe])]];

    public override string NeedsClosure => "its step evaluates the objective up to max_eval times (torch's step(closure)); a given gradient and Step() cannot step it";

    public override WeightDecayKind WeightDecay => WeightDecayKind.None;

    public override string? NotScaleInvariantUpToEps => "it has no eps: its direction −H·g scales with the loss through H's curvature pairs";

    public override string OptionOrder => "lr max_iter max_eval tolerance_grad tolerance_change history_size line_search_fn";

    // torch keeps its one state on the first parameter (func_evals, n_iter, d, t, old_dirs, old_stps, ro, H_diag,
    // prev_flat_grad, prev_loss, al); LbfgsTests pins the keys it saves, since the generic state test steps with Step().
    public override StateKeys[] State => [];

    public override IReadOnlyDictionary<string, OptionRange> OptionRanges => CommonRangesAnd(
        ("tolerance_grad", new(v => v >= 0 && double.IsFinite(v), "tolerance_grad")),
        ("tolerance_change", new(v => v >= 0 && double.IsFinite(v), "tolerance_change")));

    // No element-wise kernel of its own: it uses the shared dot, axpy, scale and norm kernels.
    public override KernelSpans[] Kernels => [];

    public override string Parity =>
        "PyTorch 1.13 fixtures, fixed steps and strong_wolfe, float32 and float64 (tests/Regression/Fixtures/LbfgsFixtureTests: " +
        "1e-12 relative in float64; 1e-6 in float32 down to the loss floor); TorchSharp's LBFGS (libtorch's C++ port, no line_search_fn) " +
        "for fixed steps in float64 (tests/Regression/Parity/LbfgsTorchSharpTests, 1e-12; measured 1.5e-15)";

    public override string[] PyTorchFixtures => ["LBFGS.max_iter3_history4.f64", "LBFGS.max_iter3_history4.f32", "LBFGS.strong_wolfe.f64", "LBFGS.strong_wolfe.f32"];

    // Pinning drives an optimizer with Step() and a given gradient, which cannot step L-BFGS.
    public override IReadOnlyDictionary<string, LbfgsOptions> Pinning { get; } = new Dictionary<string, LbfgsOptions>();

    public override IReferenceStep<T> Model<T>(LbfgsOptions options) =>
        throw new NotSupportedException("L-BFGS has no single-gradient reference step; its steps are checked against PyTorch's fixtures.");
}
