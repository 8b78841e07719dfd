using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>SGD's defaults, messages and first steps are torch's (torch/optim/sgd.py).</summary>
public class SgdTests
{
    [Fact]
    public void Defaults_are_torchs()
    {
        var o = new SgdOptions();
        (o.Lr, o.Momentum, o.Dampening, o.WeightDecay).Should().Be((1e-3, 0.0, 0.0, 0.0));
        (o.Nesterov, o.Maximize).Should().Be((false, false));
        new Sgd<float>([new Parameter<float>(1)]).Name.Should().Be("SGD");
    }

    [Theory]
    [InlineData("lr", -1.0, "Invalid learning rate: -1.0")]
    [InlineData("lr", double.NaN, "Invalid learning rate: nan")]
    [InlineData("momentum", -0.5, "Invalid momentum value: -0.5")]
    [InlineData("weight_decay", -0.01, "Invalid weight_decay value: -0.01")]
    [InlineData("dampening", double.NaN, "Invalid dampening value: nan")] // ours: torch does not check dampening
    [InlineData("nesterov_without_momentum", 0.0, "Nesterov momentum requires a momentum and zero dampening")]
    [InlineData("nesterov_with_dampening", 0.1, "Nesterov momentum requires a momentum and zero dampening")]
    public void Invalid_options_fail_with_torchs_message(string name, double value, string message)
    {
        var o = name switch
        {
            "lr" => new SgdOptions { Lr = value },
            "momentum" => new SgdOptions { Momentum = value },
            "weight_decay" => new SgdOptions { WeightDecay = value },
            "dampening" => new SgdOptions { Dampening = value },
            "nesterov_without_momentum" => new SgdOptions { Nesterov = true, Momentum = value },
            _ => new SgdOptions { Nesterov = true, Momentum = 0.9, Dampening = value },
        };
        var build = () => new Sgd<double>([new Parameter<double>(2)], o);
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void The_nesterov_error_names_nesterov_and_its_value()
    {
        var build = () => new Sgd<double>([new Parameter<double>(2)], new SgdOptions { Nesterov = true });
        var thrown = build.Should().Throw<ArgumentOutOfRangeException>().Which;
        (thrown.ParamName, thrown.ActualValue).Should().Be(("nesterov", (object)true));
    }

    [Fact]
    public void An_option_made_invalid_after_construction_fails_at_the_next_step()
    {
        var sgd = new Sgd<double>([new Parameter<double>(2)]);
        sgd.Groups[0].Options.Momentum = -1;
        var step = () => sgd.Step();
        step.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith("Invalid momentum value: -1.0");
    }

    [Fact]
    public void Cyclic_schedules_cycle_momentum()
    {
        var o = new SgdOptions { Momentum = 0.9 };
        o.CyclicMomentum.Should().Be(0.9);
        o.CyclicMomentum = 0.85;
        o.Momentum.Should().Be(0.85);
    }

    // The values below are dyadic (0.25, 0.5, ...), so every operation of torch's formulas is exact in double.
    [Fact]
    public void Momentum_starts_from_the_first_gradient_then_accumulates()
    {
        // lr 0.25, μ 0.5, θ0 = 1.  t=1: g = 0.5, b = g = 0.5 (a copy, not μ·0 + g), θ = 1 - 0.25·0.5 = 0.875.
        // t=2: g = 0.25, b = 0.5·0.5 + 0.25 = 0.5, θ = 0.875 - 0.25·0.5 = 0.75.
        var p = new Parameter<double>([1.0]);
        var sgd = new Sgd<double>([p], new SgdOptions { Lr = 0.25, Momentum = 0.5 });
        p.Grad[0] = 0.5;
        sgd.Step();
        p.Value[0].Should().Be(0.875);
        sgd.StateOf(p)!.MomentumBuffer.Should().Equal(0.5);
        p.Grad[0] = 0.25;
        sgd.Step();
        p.Value[0].Should().Be(0.75);
        sgd.StateOf(p)!.MomentumBuffer.Should().Equal(0.5);
    }

    [Fact]
    public void Dampening_applies_from_the_second_step_on()
    {
        // τ 0.5.  t=1: b = 0.5 (undamped), θ = 0.875.  t=2: b = 0.5·0.5 + (1 - 0.5)·0.25 = 0.375, θ = 0.875 - 0.25·0.375 = 0.78125.
        var p = new Parameter<double>([1.0]);
        var sgd = new Sgd<double>([p], new SgdOptions { Lr = 0.25, Momentum = 0.5, Dampening = 0.5 });
        p.Grad[0] = 0.5;
        sgd.Step();
        p.Value[0].Should().Be(0.875);
        p.Grad[0] = 0.25;
        sgd.Step();
        p.Value[0].Should().Be(0.78125);
    }

    [Fact]
    public void Nesterov_steps_along_the_gradient_plus_momentum_times_the_buffer()
    {
        // t=1: b = 0.5, g' = 0.5 + 0.5·0.5 = 0.75, θ = 1 - 0.25·0.75 = 0.8125.
        // t=2: g = 0.25, b = 0.25 + 0.25 = 0.5, g' = 0.25 + 0.5·0.5 = 0.5, θ = 0.8125 - 0.125 = 0.6875.
        var p = new Parameter<double>([1.0]);
        var sgd = new Sgd<double>([p], new SgdOptions { Lr = 0.25, Momentum = 0.5, Nesterov = true });
        p.Grad[0] = 0.5;
        sgd.Step();
        p.Value[0].Should().Be(0.8125);
        p.Grad[0] = 0.25;
        sgd.Step();
        p.Value[0].Should().Be(0.6875);
    }

    [Fact]
    public void Weight_decay_and_maximize_change_the_gradient_before_the_buffer_copies_it()
    {
        // θ0 = 2, ∇ = 0.5, maximize: g = -0.5; λ 0.5: g = -0.5 + 0.5·2 = 0.5; b = g = 0.5; θ = 2 - 0.25·0.5 = 1.875.
        var p = new Parameter<double>([2.0]);
        var sgd = new Sgd<double>([p], new SgdOptions { Lr = 0.25, Momentum = 0.5, WeightDecay = 0.5, Maximize = true });
        p.Grad[0] = 0.5;
        sgd.Step();
        sgd.StateOf(p)!.MomentumBuffer.Should().Equal(0.5);
        p.Value[0].Should().Be(1.875);
    }

    [Fact]
    public void Without_momentum_there_is_no_buffer_until_momentum_is_switched_on()
    {
        // t=1 plain: θ = 1 - 0.25·0.5 = 0.875, no buffer.
        // t=2, μ 0.5 and τ 0.5 switched on: torch's buffer is None, so b = g = 0.25 undamped (not 0.5·0.25), θ = 0.875 - 0.25·0.25 = 0.8125.
        // t=3: b = 0.5·0.25 + (1 - 0.5)·0.25 = 0.25, θ = 0.8125 - 0.25·0.25 = 0.75.
        var p = new Parameter<double>([1.0]);
        var sgd = new Sgd<double>([p], new SgdOptions { Lr = 0.25 });
        p.Grad[0] = 0.5;
        sgd.Step();
        p.Value[0].Should().Be(0.875);
        sgd.SaveState().ToJsonString().Should().NotContain("momentum_buffer");

        sgd.Groups[0].Options.Momentum = 0.5;
        sgd.Groups[0].Options.Dampening = 0.5;
        p.Grad[0] = 0.25;
        sgd.Step();
        p.Value[0].Should().Be(0.8125, "the first step with momentum copies the gradient, undamped");
        p.Grad[0] = 0.25;
        sgd.Step();
        p.Value[0].Should().Be(0.75);
        sgd.SaveState().ToJsonString().Should().Contain("\"momentum_buffer\":[0.25]");
    }

    [Fact]
    public void Float_steps_round_each_operation_to_float()
    {
        // lr 0.1 rounds to float 0.100000001490116; θ = 1 + (-0.1f)·0.3f rounded to float.
        var p = new Parameter<float>([1f]);
        p.Grad[0] = 0.3f;
        new Sgd<float>([p], new SgdOptions { Lr = 0.1 }).Step();
        p.Value[0].Should().Be(1f + (-0.1f) * 0.3f);
    }
}
