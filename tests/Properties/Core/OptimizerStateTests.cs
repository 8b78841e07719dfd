using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>Saving and loading optimizer state is exact, and refuses state that does not fit.</summary>
public class OptimizerStateTests
{
    private static (Parameter<float> P, Adam<float> Opt) Trained(int steps, bool amsgrad = false)
    {
        var p = new Parameter<float>([0.5f, -1.5f, 2.5f], "weight");
        var adam = new Adam<float>([p], new AdamOptions { Amsgrad = amsgrad, Lr = 0.01 });
        for (int i = 0; i < steps; i++) Quadratic(p, adam);
        return (p, adam);
    }

    private static void Quadratic(Parameter<float> p, IOptimizer opt)
    {
        for (int j = 0; j < p.Length; j++) p.Grad[j] = 2f * p.Value[j] * (j + 1);
        opt.Step();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Save_at_k_then_load_and_continue_is_bit_identical_to_an_uninterrupted_run(bool amsgrad)
    {
        var (p1, a1) = Trained(30, amsgrad);

        var (p2, a2) = Trained(13, amsgrad);
        string saved = a2.SaveState().ToJsonString();
        float[] values = (float[])p2.Value.Clone();
        var p3 = new Parameter<float>(values, "weight");
        var a3 = new Adam<float>([p3], new AdamOptions { Amsgrad = amsgrad });
        a3.LoadState(JsonNode.Parse(saved)!);
        for (int i = 13; i < 30; i++) Quadratic(p3, a3);

        p3.Value.Should().Equal(p1.Value);
        a3.SaveState().ToJsonString().Should().Be(a1.SaveState().ToJsonString());
        a3.Groups[0].Options.Lr.Should().Be(0.01, "the options are part of the state");
    }

    [Fact]
    public void State_of_another_optimizer_is_refused_and_nothing_changes()
    {
        var (_, adam) = Trained(3);
        var state = adam.SaveState();
        state["optimizer"] = "SGD";
        var (_, other) = Trained(1);
        string before = other.SaveState().ToJsonString();
        var load = () => other.LoadState(state);
        load.Should().Throw<InvalidDataException>().WithMessage("*saved by \"SGD\"*cannot be loaded into Adam*");
        other.SaveState().ToJsonString().Should().Be(before);
    }

    [Fact]
    public void State_of_another_version_is_refused()
    {
        var (_, adam) = Trained(3);
        var state = adam.SaveState();
        state["version"] = 99;
        var load = () => adam.LoadState(state);
        load.Should().Throw<InvalidDataException>().WithMessage("*format version 99*");
    }

    [Fact]
    public void State_of_another_parameter_layout_is_refused()
    {
        var (_, adam) = Trained(3);
        var state = adam.SaveState();
        var other = new Adam<float>([new Parameter<float>(4, "weight")]);
        var load = () => other.LoadState(state);
        load.Should().Throw<InvalidDataException>().WithMessage("*length 3*length 4*another parameter layout*");
    }

    [Fact]
    public void Float_state_of_a_double_optimizer_is_refused()
    {
        var (_, adam) = Trained(3);
        var other = new Adam<double>([new Parameter<double>(3, "weight")]);
        var load = () => other.LoadState(adam.SaveState());
        load.Should().Throw<InvalidDataException>().WithMessage("*float32*float64*");
    }
}
