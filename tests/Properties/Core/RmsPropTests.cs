using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>RMSprop's defaults, messages and first steps are torch's (torch/optim/rmsprop.py).</summary>
public class RmsPropTests
{
    // A handful of double operations per step, each within half an ulp (~1e-16) of values of order 1.
    private const double Tolerance = 1e-13;

    [Fact]
    public void Defaults_are_torchs()
    {
        var o = new RmsPropOptions();
        (o.Lr, o.Alpha, o.Eps, o.WeightDecay, o.Momentum).Should().Be((1e-2, 0.99, 1e-8, 0.0, 0.0));
        (o.Centered, o.Maximize).Should().Be((false, false));
        new RmsProp<float>([new Parameter<float>(1)]).Name.Should().Be("RMSprop");
    }

    [Theory]
    [InlineData("lr", -1.0, "Invalid learning rate: -1.0")]
    [InlineData("lr", double.NaN, "Invalid learning rate: nan")]
    [InlineData("eps", -1e-8, "Invalid epsilon value: -1e-08")]
    [InlineData("momentum", -0.9, "Invalid momentum value: -0.9")]
    [InlineData("weight_decay", -0.01, "Invalid weight_decay value: -0.01")]
    [InlineData("alpha", -0.5, "Invalid alpha value: -0.5")]
    [InlineData("alpha", double.NaN, "Invalid alpha value: nan")]
    public void Invalid_options_fail_with_torchs_message(string name, double value, string message)
    {
        var o = name switch
        {
            "lr" => new RmsPropOptions { Lr = value },
            "eps" => new RmsPropOptions { Eps = value },
            "momentum" => new RmsPropOptions { Momentum = value },
            "weight_decay" => new RmsPropOptions { WeightDecay = value },
            _ => new RmsPropOptions { Alpha = value },
        };
        var build = () => new RmsProp<double>([new Parameter<double>(2)], o);
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void Cyclic_schedules_cycle_momentum()
    {
        var o = new RmsPropOptions { Momentum = 0.9 };
        o.CyclicMomentum.Should().Be(0.9);
        o.CyclicMomentum = 0.8;
        o.Momentum.Should().Be(0.8);
    }

    [Fact]
    public void First_two_steps_follow_torchs_formulas()
    {
        // lr 0.01, α 0.99, ε 1e-8, θ0 = 1.
        // t=1: g = 0.5,   v = 0.01·0.25 = 0.0025,                 θ = 1 - 0.01·0.5/(0.05 + 1e-8)            = 0.900000019999996
        // t=2: g = -0.25, v = 0.99·0.0025 + 0.01·0.0625 = 0.0031, θ = θ1 + 0.01·0.25/(sqrt(0.0031) + 1e-8) = 0.944901337442175
        var p = new Parameter<double>([1.0]);
        var opt = new RmsProp<double>([p]);
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.900000019999996, Tolerance);
        p.Grad[0] = -0.25;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.944901337442175, Tolerance);
        opt.StateOf(p)!.SquareAvg[0].Should().BeApproximately(0.0031, 1e-17);
    }

    [Fact]
    public void Centered_with_momentum_follows_torchs_formulas()
    {
        // μ 0.9, centered.  t=1: g = 0.5, v = 0.0025, g_avg = lerp(0, 0.5, 0.01) = 0.005,
        //   denom = sqrt(0.0025 - 0.005²) + 1e-8 = 0.0497493818553310, b = 0.5/denom = 10.0503761323905, θ = 1 - 0.01·b = 0.899496238676095
        // t=2: g = -0.25, v = 0.0031, g_avg = 0.005 + 0.01·(-0.25 - 0.005) = 0.00245,
        //   denom = sqrt(0.0031 - 0.00245²) + 1e-8 = 0.0556237234682682, b = 0.9·b1 - 0.25/denom = 4.55085335325604, θ = θ1 - 0.01·b = 0.853987705143535
        var p = new Parameter<double>([1.0]);
        var opt = new RmsProp<double>([p], new RmsPropOptions { Momentum = 0.9, Centered = true });
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.899496238676095, Tolerance);
        p.Grad[0] = -0.25;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.853987705143535, Tolerance);
        var state = opt.StateOf(p)!;
        state.GradAvg[0].Should().BeApproximately(0.00245, 1e-17);
        state.MomentumBuffer[0].Should().BeApproximately(4.55085335325604, 1e-12);
    }

    [Fact]
    public void Weight_decay_and_maximize_follow_torchs_order()
    {
        // maximize then L2: g = -(0.5) + 0.5·θ0 with θ0 = 2 gives g = 0.5, the same first step as plain RMSprop from ∇ = 0.5
        // but starting at 2: θ = 2 - 0.01·0.5/(0.05 + 1e-8) = 1.900000019999996.
        var p = new Parameter<double>([2.0]);
        var opt = new RmsProp<double>([p], new RmsPropOptions { WeightDecay = 0.5, Maximize = true });
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(1.900000019999996, Tolerance);
    }

    [Fact]
    public void State_keys_are_torchs_and_present_only_when_used()
    {
        var p = new Parameter<float>([1f]) { Grad = { [0] = 0.1f } };
        var plain = new RmsProp<float>([p]);
        plain.Step();
        string json = plain.SaveState().ToJsonString();
        json.Should().Contain("\"square_avg\"").And.NotContain("momentum_buffer").And.NotContain("grad_avg");

        var q = new Parameter<float>([1f]) { Grad = { [0] = 0.1f } };
        var full = new RmsProp<float>([q], new RmsPropOptions { Momentum = 0.5, Centered = true });
        full.Step();
        full.SaveState().ToJsonString().Should().Contain("\"square_avg\"").And.Contain("\"momentum_buffer\"").And.Contain("\"grad_avg\"");
    }

    [Fact]
    public void Switching_momentum_on_after_the_first_step_is_refused_as_torch_cannot_do_it()
    {
        var p = new Parameter<double>([1.0]) { Grad = { [0] = 0.1 } };
        var opt = new RmsProp<double>([p]);
        opt.Step();
        opt.Groups[0].Options.Momentum = 0.9;
        var step = () => opt.Step();
        step.Should().Throw<InvalidOperationException>().WithMessage("*momentum_buffer*");
    }

    [Fact]
    public void Switching_centered_on_after_the_first_step_is_refused_as_torch_cannot_do_it()
    {
        var p = new Parameter<double>([1.0]) { Grad = { [0] = 0.1 } };
        var opt = new RmsProp<double>([p]);
        opt.Step();
        opt.StateOf(p)!.GradAvg.Should().BeEmpty("an uncentered RMSprop keeps no grad_avg");

        opt.Groups[0].Options.Centered = true;
        var step = () => opt.Step();
        step.Should().Throw<InvalidOperationException>()
            .WithMessage("Parameter 'param' has RMSprop state without grad_avg: centered cannot be switched on after the first step.");
    }
}
