using System.Numerics;
using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// For every optimizer and its state-shaping options: save at step 13, load into a fresh optimizer, continue to step 30,
/// and the parameters and the whole state are bit-identical to an uninterrupted run (float and double).
/// </summary>
public class OptimizerStateRoundTripTests
{
    // 19 elements: whole Vector256 blocks and a scalar tail, in float (8 lanes) and double (4 lanes).
    private const int Length = 19;

    /// <summary>Builds an optimizer over one parameter; the lr argument lets the fresh optimizer start with other options than the saved ones.</summary>
    private delegate IOptimizer<T> Build<T>(Parameter<T> p, double lr) where T : unmanaged, IFloatingPointIeee754<T>;

    private static Build<T> Factory<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "SGD" => (p, lr) => new Sgd<T>([p], new SgdOptions { Lr = lr }),
        "SGD momentum dampening" => (p, lr) => new Sgd<T>([p], new SgdOptions { Lr = lr, Momentum = 0.9, Dampening = 0.1, WeightDecay = 1e-2 }),
        "SGD nesterov maximize" => (p, lr) => new Sgd<T>([p], new SgdOptions { Lr = lr, Momentum = 0.9, Nesterov = true, Maximize = true }),
        "RMSprop" => (p, lr) => new RmsProp<T>([p], new RmsPropOptions { Lr = lr }),
        "RMSprop centered momentum" => (p, lr) => new RmsProp<T>([p], new RmsPropOptions { Lr = lr, Centered = true, Momentum = 0.5, WeightDecay = 1e-2 }),
        "Adagrad" => (p, lr) => new Adagrad<T>([p], new AdagradOptions { Lr = lr, LrDecay = 0.01, InitialAccumulatorValue = 0.1 }),
        "Adadelta" => (p, lr) => new Adadelta<T>([p], new AdadeltaOptions { Lr = lr, WeightDecay = 1e-2 }),
        "Adamax" => (p, lr) => new Adamax<T>([p], new AdamaxOptions { Lr = lr, WeightDecay = 1e-2 }),
        "NAdam" => (p, lr) => new NAdam<T>([p], new NAdamOptions { Lr = lr }),
        "NAdamW" => (p, lr) => new NAdam<T>([p], new NAdamOptions { Lr = lr, WeightDecay = 1e-2, DecoupledWeightDecay = true }),
        "RAdam" => (p, lr) => new RAdam<T>([p], new RAdamOptions { Lr = lr }),
        "RAdamW" => (p, lr) => new RAdam<T>([p], new RAdamOptions { Lr = lr, WeightDecay = 1e-2, DecoupledWeightDecay = true }),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such optimizer configuration"),
    };

    public static TheoryData<string> Configurations() =>
    [
        "SGD", "SGD momentum dampening", "SGD nesterov maximize", "RMSprop", "RMSprop centered momentum", "Adagrad", "Adadelta",
        "Adamax", "NAdam", "NAdamW", "RAdam", "RAdamW",
    ];

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
