using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>Adam's and AdamW's defaults and error messages are torch's (torch/optim/adam.py, adamw.py).</summary>
public class AdamDefaultsAndValidationTests
{
    [Fact]
    public void Adam_defaults_are_torchs()
    {
        var o = new AdamOptions();
        (o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay).Should().Be((1e-3, 0.9, 0.999, 1e-8, 0.0));
        (o.Amsgrad, o.Maximize, o.DecoupledWeightDecay).Should().Be((false, false, false));
    }

    [Fact]
    public void AdamW_defaults_are_torchs_not_torchsharps()
    {
        var o = AdamOptions.AdamW();
        (o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.DecoupledWeightDecay).Should().Be((1e-3, 0.9, 0.999, 1e-8, 1e-2, true));
        new AdamW<float>([new Parameter<float>(3)]).Groups[0].Options.Should().Be(o);
    }

    [Theory]
    [InlineData("lr", -1.0, "Invalid learning rate: -1.0")]
    [InlineData("lr", double.NaN, "Invalid learning rate: nan")]
    [InlineData("eps", -1e-8, "Invalid epsilon value: -1e-08")]
    [InlineData("beta1", 1.0, "Invalid beta parameter at index 0: 1.0")]
    [InlineData("beta2", -0.5, "Invalid beta parameter at index 1: -0.5")]
    [InlineData("weight_decay", -0.01, "Invalid weight_decay value: -0.01")]
    public void Invalid_options_fail_at_construction_with_torchs_message(string name, double value, string message)
    {
        var o = name switch
        {
            "lr" => new AdamOptions { Lr = value },
            "eps" => new AdamOptions { Eps = value },
            "beta1" => new AdamOptions { Beta1 = value },
            "beta2" => new AdamOptions { Beta2 = value },
            _ => new AdamOptions { WeightDecay = value },
        };
        var build = () => new Adam<double>([new Parameter<double>(2)], o);
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void A_parameter_in_two_groups_is_refused_as_torch_refuses_it()
    {
        var p = new Parameter<float>(2);
        var build = () => new Adam<float>([new ParamGroup<float, AdamOptions>([p], new()), new ParamGroup<float, AdamOptions>([p], new())]);
        build.Should().Throw<ArgumentException>().WithMessage("some parameters appear in more than one parameter group*");
    }
}
