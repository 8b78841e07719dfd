using System.Numerics;
using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// For every optimizer and its state-shaping options (each pinning case of its test-table entry): save at step 13, load
/// into a fresh optimizer, continue to step 30, and the parameters and the whole state are bit-identical to an
/// uninterrupted run (float and double).
/// </summary>
public class OptimizerStateRoundTripTests
{
    // 19 elements: whole Vector256 blocks and a scalar tail, in float (8 lanes) and double (4 lanes).
    private const int Length = 19;

    /// <summary>Builds an optimizer over one parameter; the lr argument lets the fresh optimizer start with other options than the saved ones.</summary>
    private delegate IOptimizer<T> Build<T>(Parameter<T> p, double lr) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>One pinning case of a test-table entry at the given lr (the pinning cases set every state-shaping option).</summary>
    private static Build<T> Factory<T>(string configuration) where T : unmanaged, IFloatingPointIeee754<T>
    {
        string[] nameAndCase = configuration.Split(' ', 2);
        var entry = OptimizerTable.Of(nameAndCase[0]);
        return (p, lr) => entry.Build([p], entry.PinningOptions(nameAndCase[1]) with { Lr = lr });
    }

    /// <summary>"optimizer case" for every pinning case of every test-table entry.</summary>
    public static TheoryData<string> Configurations() =>
        new(OptimizerTable.All.SelectMany(e => e.PinningCases.Select(c => $"{e.Name} {c}")));

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Save_at_13_then_load_and_continue_is_bit_identical_float(string configuration) => RoundTrip<float>(configuration);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Save_at_13_then_load_and_continue_is_bit_identical_double(string configuration) => RoundTrip<double>(configuration);

    private static void RoundTrip<T>(string configuration) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var build = Factory<T>(configuration);
        const double lr = 0.01;

        var (p1, o1) = Trained(build, lr, 30);

        var (p2, o2) = Trained(build, lr, 13);
        string saved = o2.SaveState().ToJsonString();
        var p3 = new Parameter<T>(p2.Value, "weight");
        var o3 = build(p3, lr * 7); // other options: the loaded state must bring its own
        o3.LoadState(JsonNode.Parse(saved)!);
        for (int i = 13; i < 30; i++) QuadraticStep(p3, o3);

        p3.Value.Should().Equal(p1.Value, "the resumed run must continue with the same bits");
        o3.SaveState().ToJsonString().Should().Be(o1.SaveState().ToJsonString());
        o3.GroupOptions[0].Lr.Should().Be(lr, "the options are part of the state");
        o3.StepsTaken.Should().Be(30);
    }

    private static (Parameter<T> P, IOptimizer<T> Opt) Trained<T>(Build<T> build, double lr, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(7);
        var p = new Parameter<T>(Enumerable.Range(0, Length).Select(_ => T.CreateTruncating(random.NextDouble() * 4 - 2)).ToArray(), "weight");
        var opt = build(p, lr);
        for (int i = 0; i < steps; i++) QuadraticStep(p, opt);
        return (p, opt);
    }

    /// <summary>One step on f(θ) = Σ (j+1)·θ_j², whose gradient 2(j+1)θ_j keeps changing as θ moves.</summary>
    private static void QuadraticStep<T>(Parameter<T> p, IOptimizer opt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = 0; j < p.Length; j++) p.Grad[j] = T.CreateTruncating(2 * (j + 1)) * p.Value[j];
        opt.Step();
    }
}
