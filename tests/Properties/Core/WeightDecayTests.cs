using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// Weight decay as torch applies it: coupled decay adds λ·θ to the gradient, decoupled decay (AdamW and the
/// decoupled_weight_decay flags) multiplies θ by 1 − lr·λ, and weight_decay = 0 does neither.
/// </summary>
public class WeightDecayTests
{
    private static IOptimizer<float> Create(string optimizer, Parameter<float> p, params (string Key, string Value)[] settings) =>
        OptimizerCatalog.Create(optimizer, [p],
            OptimizerCatalog.Options(optimizer, settings.Select(s => KeyValuePair.Create(s.Key, s.Value))));

    /// <summary>Every catalog optimizer whose weight decay is coupled by default (the table says which).</summary>
    public static TheoryData<string> CoupledByDefault() => new(OptimizerTable.Where(e => e.WeightDecay == WeightDecayKind.Coupled));

    [Theory]
    [MemberData(nameof(CoupledByDefault))]
    public void Coupled_weight_decay_is_the_gradient_plus_lambda_theta(string optimizer)
    {
        // torch: grad = grad.add(param, alpha=weight_decay). So an optimizer with weight_decay λ must take exactly the steps
        // of the same optimizer without decay fed g + λ·θ, computed here in float as the kernel does: bit for bit.
        float[] start = [0.75f, -1.5f, 2.25f, -0.3f, 1.1f];
        float[] gradient = [0.5f, 0.25f, -0.125f, 0.7f, -0.9f];
        const float lambda = 0.25f;
        var decayed = new Parameter<float>(start);
        var plain = new Parameter<float>(start);
        var withDecay = Create(optimizer, decayed, ("weight_decay", "0.25"));
        var withoutDecay = Create(optimizer, plain);

        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < start.Length; i++)
            {
                decayed.Grad[i] = gradient[i];
                plain.Grad[i] = gradient[i] + lambda * plain.Value[i];
            }

            withDecay.Step();
            withoutDecay.Step();
            decayed.Value.Should().Equal(plain.Value, $"step {step + 1} of {optimizer}");
        }

        decayed.Value.Should().NotEqual(start, "the steps moved the parameter, so the comparison above is not vacuous");
    }

    /// <summary>Catalog name and the setting that makes its weight decay decoupled (AdamW's is by default).</summary>
    public static TheoryData<string, string> Decoupled()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in OptimizerTable.All)
        {
            if (entry.WeightDecay == WeightDecayKind.Decoupled) data.Add(entry.Name, "true");
            else if (entry.DecoupledBy is string flag) data.Add(entry.Name, flag);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Decoupled))]
    public void Decoupled_weight_decay_multiplies_theta_by_one_minus_lr_lambda(string optimizer, string flag)
    {
        // A zero gradient leaves the moments at zero and the moment step at zero (0/(0 + eps)), so only the decay moves θ:
        // torch's param.mul_(1 - lr * weight_decay). lr = λ = 0.5: θ = 2 → 1.5 → 1.125, exact in float.
        var p = new Parameter<float>([2f, -2f]);
        (string, string)[] settings = flag == "true"
            ? [("lr", "0.5"), ("weight_decay", "0.5")]
            : [("lr", "0.5"), ("weight_decay", "0.5"), (flag, "true")];
        var opt = Create(optimizer, p, settings);
        opt.Step();
        p.Value.Should().Equal(1.5f, -1.5f);
        opt.Step();
        p.Value.Should().Equal(1.125f, -1.125f);
    }

    [Fact]
    public void AdamW_without_options_decays_by_torchs_default_weight_decay()
    {
        // torch.optim.AdamW: lr 1e-3, weight_decay 1e-2, so a zero-gradient step multiplies θ by 1 - 1e-5 (rounded once, in double).
        var p = new Parameter<double>([2.0]);
        new AdamW<double>([p]).Step();
        p.Value[0].Should().Be(2.0 * (1 - 1e-3 * 1e-2));
        p.Value[0].Should().BeLessThan(2.0, "the default decay is not zero");
    }

    [Fact]
    public void AdamW_with_options_uses_those_options()
    {
        var p = new Parameter<double>([2.0]);
        var adamW = new AdamW<double>([p], AdamOptions.AdamW() with { Lr = 0.5, WeightDecay = 0.5 });
        adamW.Groups[0].Options.Lr.Should().Be(0.5);
        adamW.Step();
        p.Value[0].Should().Be(1.5, "θ·(1 - 0.5·0.5) with a zero gradient");
    }

    /// <summary>Every catalog optimizer with a weight_decay option.</summary>
    public static TheoryData<string> WithWeightDecay() => new(OptimizerTable.Where(e => e.WeightDecay != WeightDecayKind.None));

    [Theory]
    [MemberData(nameof(WithWeightDecay))]
    public void Zero_weight_decay_adds_no_zero_times_theta_term(string optimizer)
    {
        // torch skips the decay when weight_decay == 0; adding 0·θ instead would turn an infinite θ into a NaN gradient
        // and poison the state. The infinite element stays infinite and every state buffer stays finite.
        var p = new Parameter<float>([float.PositiveInfinity, 1f]);
        p.Grad[0] = 0.5f; p.Grad[1] = 0.5f;
        var opt = OptimizerCatalog.Create(optimizer, [p], OptimizerCatalog.Options(optimizer, [KeyValuePair.Create("weight_decay", "0")]));
        opt.Step();
        opt.Step();

        p.Value[0].Should().Be(float.PositiveInfinity);
        float.IsFinite(p.Value[1]).Should().BeTrue();
        // A buffer that holds θ itself (ASGD's average) is infinite where θ is; every other buffer must stay finite.
        var saved = opt.SaveState();
        foreach (var parameter in saved["groups"]!.AsArray().SelectMany(g => g!["parameters"]!.AsArray()))
            foreach (string copy in OptimizerTable.Of(optimizer).BuffersHoldingTheta) parameter!["state"]!.AsObject().Remove(copy).Should().BeTrue($"{copy} is a buffer of {optimizer}");
        string state = saved.ToJsonString();
        state.Should().NotContain("NaN").And.NotContain("Infinity", "no buffer picked up a non-finite value");
    }
}
