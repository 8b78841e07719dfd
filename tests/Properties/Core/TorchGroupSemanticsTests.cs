using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// What torch does with the shape of an optimizer's input, pinned: AdamW decouples its decay whatever options it is
/// given and fills a group's unset weight decay with its own default; a saved state that lacks an option is refused;
/// zero-element parameters are accepted and left alone; a parameter listed twice is refused with a message that says where.
/// </summary>
public class TorchGroupSemanticsTests
{
    [Fact]
    public void AdamW_decouples_the_decay_of_plain_Adam_options()
    {
        // torch: AdamW([p], lr=0.1, weight_decay=0.1) with p = 1, grad = 0.5: p·(1 - 0.01) - 0.1·m̂/(sqrt(v̂)+eps) = 0.99 - 0.1·0.5/(0.5+1e-8).
        var p = new Parameter<double>([1.0]);
        p.Grad[0] = 0.5;
        new AdamW<double>([p], new AdamOptions { Lr = 0.1, WeightDecay = 0.1 }).Step();
        p.Value[0].Should().BeApproximately(0.890000002, 1e-12, "coupled L2 decay would give 0.9000000017");
    }

    [Fact]
    public void AdamW_fills_an_unset_weight_decay_with_its_default_and_keeps_an_explicit_zero()
    {
        var unset = new AdamW<float>([new ParamGroup<float, AdamOptions>([new Parameter<float>(1)], new AdamOptions { Lr = 0.1 })]);
        var options = (AdamOptions)unset.GroupOptions[0];
        options.WeightDecay.Should().Be(0.01);
        options.DecoupledWeightDecay.Should().BeTrue();
        options.Lr.Should().Be(0.1);

        var zero = new AdamW<float>([new Parameter<float>(1)], new AdamOptions { WeightDecay = 0 });
        ((AdamOptions)zero.GroupOptions[0]).WeightDecay.Should().Be(0);
    }

    [Fact]
    public void AdamW_stays_decoupled_when_its_options_are_changed_after_construction()
    {
        var p = new Parameter<double>([1.0]);
        p.Grad[0] = 0.5;
        var adamW = new AdamW<double>([p], new AdamOptions { Lr = 0.1, WeightDecay = 0.1 });
        adamW.Groups[0].Options.DecoupledWeightDecay = false;
        adamW.Step();
        p.Value[0].Should().BeApproximately(0.890000002, 1e-12);
    }

    [Fact]
    public void Adam_treats_unset_and_zero_weight_decay_alike()
    {
        new AdamOptions().Should().Be(new AdamOptions { WeightDecay = 0 });
        new AdamOptions().GetHashCode().Should().Be(new AdamOptions { WeightDecay = 0 }.GetHashCode());
        new AdamOptions().Should().NotBe(new AdamOptions { WeightDecay = 0.1 });
    }

    [Fact]
    public void A_saved_state_that_lacks_an_option_is_refused_not_defaulted()
    {
        var p = new Parameter<float>([1f], "w");
        var saved = new AdamW<float>([p]).SaveState();
        var options = (JsonObject)saved["groups"]![0]!["options"]!;
        options.Remove("DecoupledWeightDecay").Should().BeTrue();

        var target = new AdamW<float>([new Parameter<float>([1f], "w")]);
        var load = () => target.LoadState(saved);
        load.Should().Throw<InvalidDataException>().WithMessage("*groups[0].options lacks \"DecoupledWeightDecay\"*");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_zero_element_parameter_is_accepted_and_left_alone(string optimizer)
    {
        var empty = new Parameter<double>(0, "empty");
        var weight = new Parameter<double>([1.0, -2.0], "weight");
        weight.Grad[0] = 0.5;
        weight.Grad[1] = -0.25;
        var opt = OptimizerCatalog.Create<double>(optimizer, [empty, weight]);
        opt.Step().Should().Be(StepOutcome.Taken);
        opt.Step().Should().Be(StepOutcome.Taken);
        empty.Value.Should().BeEmpty();
        weight.Value.Should().NotEqual([1.0, -2.0], "the other parameter is still updated");
        var reloaded = OptimizerCatalog.Create<double>(optimizer, [new Parameter<double>(0, "empty"), new Parameter<double>(2, "weight")]);
        reloaded.LoadState(opt.SaveState());
        reloaded.StepsTaken.Should().Be(2);
    }

    public static TheoryData<string> Names() => [.. OptimizerCatalog.Names];

    [Fact]
    public void A_parameter_twice_in_one_group_is_refused_with_a_message_that_says_so()
    {
        var p = new Parameter<float>(2, "w");
        var build = () => new Sgd<float>([p, p]);
        build.Should().Throw<ArgumentException>()
            .WithMessage("parameter group 0 holds parameter 'w' twice (torch warns and updates it twice per step; here it is refused)*");
    }

    [Fact]
    public void A_parameter_in_two_groups_names_both_groups()
    {
        var p = new Parameter<float>(2, "w");
        var build = () => new Sgd<float>([new ParamGroup<float, SgdOptions>([new Parameter<float>(1, "b")], new()),
            new ParamGroup<float, SgdOptions>([p], new()), new ParamGroup<float, SgdOptions>([p], new())]);
        build.Should().Throw<ArgumentException>().WithMessage("some parameters appear in more than one parameter group ('w' in groups 1 and 2)*");
    }

    [Theory]
    [InlineData("adam", "betas", "0.8,0.9", "beta1", "0.8")]
    [InlineData("adam", "betas", "0.8,0.9", "beta2", "0.9")]
    [InlineData("nadam", "BETAS", "0.5,0.25", "beta2", "0.25")]
    [InlineData("adam", "beta2", "0.5", "beta2", "0.5")]
    public void A_tuple_option_is_set_whole_or_by_element(string optimizer, string key, string text, string element, string expected)
    {
        var options = OptimizerCatalog.Options(optimizer, [KeyValuePair.Create(key, text)]);
        OptimizerCatalog.Describe(options).Single(kv => kv.Key == element).Value.Should().Be(expected);
    }

    [Fact]
    public void A_tuple_option_with_the_wrong_arity_names_the_tuple_and_its_form()
    {
        var set = () => OptimizerCatalog.Options("adam", [KeyValuePair.Create("betas", "0.9")]);
        set.Should().Throw<ArgumentException>().WithMessage("Option 'betas' of adam takes 2 numbers like 0.9,0.999; got '0.9'.");
    }

    public static TheoryData<string, string> OptionOrders()
    {
        var data = new TheoryData<string, string>();
        foreach (var entry in OptimizerTable.All) data.Add(entry.Name, entry.OptionOrder);
        return data;
    }

    [Theory]
    [MemberData(nameof(OptionOrders))]
    public void Options_are_listed_in_torchs_signature_order(string optimizer, string expected)
    {
        // torch 2.x signatures, e.g. Adam(params, lr, betas, eps, weight_decay, amsgrad, *, foreach, maximize, capturable,
        // differentiable, fused, decoupled_weight_decay), without the arguments that only choose an implementation.
        string.Join(" ", OptimizerCatalog.Describe(OptimizerCatalog.DefaultOptions(optimizer)).Select(kv => kv.Key)).Should().Be(expected);
    }
}
