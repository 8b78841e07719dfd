using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// Each parameter's state as torch keeps it: a step count of its own updates, buffers under torch's <c>state_dict</c>
/// keys, and <c>StateOf</c> finding it in whichever group it is.
/// </summary>
public class PerParameterStateTests
{
    /// <summary>Catalog name, option settings, torch's class name, and torch's per-parameter state keys in torch's order (from the test table).</summary>
    public static TheoryData<string, string, string, string[]> TorchStateKeys()
    {
        var data = new TheoryData<string, string, string, string[]>();
        foreach (var entry in OptimizerTable.All)
        {
            foreach (var state in entry.State) data.Add(entry.Name, state.Settings, state.TorchClass, state.Keys);
        }

        return data;
    }

    /// <summary>The keys torch keeps as 0-d tensors for a configuration (from the test table).</summary>
    private static string[] Scalars(string optimizer, string settings) =>
        OptimizerTable.Of(optimizer).State.Single(s => s.Settings == settings).Scalars ?? [];

    /// <summary>The same optimizer configurations, without the expected names.</summary>
    public static TheoryData<string, string> Configurations()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in TorchStateKeys()) data.Add((string)row[0], (string)row[1]);
        return data;
    }

    private static IOptimizer<float> Create(string optimizer, string settings, params Parameter<float>[] parameters)
    {
        var pairs = settings.Length == 0
            ? []
            : settings.Split('|').Select(s => s.Split('=')).Select(kv => KeyValuePair.Create(kv[0], kv[1])).ToArray();
        return OptimizerCatalog.Create(optimizer, parameters, OptimizerCatalog.Options(optimizer, pairs));
    }

    private static JsonObject SavedStateOf(IOptimizer optimizer, int parameter) =>
        optimizer.SaveState()["groups"]![0]!["parameters"]![parameter]!["state"]!.AsObject();

    [Theory]
    [MemberData(nameof(TorchStateKeys))]
    public void Saved_state_carries_torchs_class_name_and_buffer_keys(string optimizer, string settings, string torchClass, string[] keys)
    {
        var p = new Parameter<float>([0.5f, -1f, 2f], "weight");
        p.Grad[0] = 0.25f; p.Grad[1] = -0.5f; p.Grad[2] = 1f;
        var opt = Create(optimizer, settings, p);
        opt.Step();

        opt.SaveState()["optimizer"]!.GetValue<string>().Should().Be(torchClass);
        opt.Name.Should().Be(torchClass);
        var state = SavedStateOf(opt, 0);
        state.Select(kv => kv.Key).Should().Equal(keys);
        foreach (string key in keys.Skip(1))
        {
            // torch's 0-d tensors (NAdam's mu_product, ASGD's eta and mu) are one element here; every other buffer is the parameter's shape.
            state[key]!.AsArray().Count.Should().Be(Scalars(optimizer, settings).Contains(key) ? 1 : p.Length, $"{key} of {optimizer}");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Each_parameter_counts_only_its_own_updates(string optimizer, string settings)
    {
        var a = new Parameter<float>([1f, 2f], "a");
        var b = new Parameter<float>([3f], "b");
        var opt = Create(optimizer, settings, a, b);
        for (int step = 1; step <= 3; step++)
        {
            a.Grad[0] = 0.5f; a.Grad[1] = -0.25f; b.Grad[0] = 0.125f;
            // torch's grad None on step 2: b is skipped, its state['step'] does not advance.
            b.HasGrad = step != 2;
            opt.Step();
        }

        opt.StepsTaken.Should().Be(3);
        SavedStateOf(opt, 0)["step"]!.GetValue<long>().Should().Be(3);
        SavedStateOf(opt, 1)["step"]!.GetValue<long>().Should().Be(2);
    }

    [Fact]
    public void StateOf_finds_each_parameter_in_its_own_group()
    {
        // SGD's first momentum step copies the gradient into the buffer, so each buffer shows whose state it is.
        var w0 = new Parameter<double>([1.0], "w0");
        var w1 = new Parameter<double>([1.0, 1.0], "w1");
        var b0 = new Parameter<double>([1.0], "b0");
        var b1 = new Parameter<double>([1.0, 1.0, 1.0], "b1");
        var sgd = new Sgd<double>(
        [
            new ParamGroup<double, SgdOptions>([w0, w1], new SgdOptions { Momentum = 0.9 }),
            new ParamGroup<double, SgdOptions>([b0, b1], new SgdOptions { Momentum = 0.5, Lr = 0.25 }),
        ]);
        Parameter<double>[] all = [w0, w1, b0, b1];
        for (int i = 0; i < all.Length; i++) Array.Fill(all[i].Grad, 0.125 * (i + 1));
        sgd.Step();

        foreach (var p in all)
        {
            var state = sgd.StateOf(p);
            state.Should().NotBeNull($"{p.Name} was updated");
            state!.Step.Should().Be(1);
            state.MomentumBuffer.Should().Equal(p.Grad, $"the first momentum step copies {p.Name}'s gradient");
        }
    }

    [Fact]
    public void StateOf_a_parameter_of_another_optimizer_is_refused_naming_it()
    {
        var adam = new Adam<float>(
        [
            new ParamGroup<float, AdamOptions>([new Parameter<float>(2, "weight")], new AdamOptions()),
            new ParamGroup<float, AdamOptions>([new Parameter<float>(1, "bias")], new AdamOptions()),
        ]);
        var lookUp = () => adam.StateOf(new Parameter<float>(2, "stranger"));
        lookUp.Should().Throw<ArgumentException>().WithMessage("Parameter 'stranger' is not in this optimizer.*")
            .Which.ParamName.Should().Be("parameter");
    }
}
