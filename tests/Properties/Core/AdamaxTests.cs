using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>Adamax's defaults, messages and first steps are torch's (torch/optim/adamax.py).</summary>
public class AdamaxTests
{
    // A handful of double operations per step, each within half an ulp (~1e-16) of values of order 1.
    private const double Tolerance = 1e-13;

    [Fact]
    public void Defaults_are_torchs()
    {
        var o = new AdamaxOptions();
        (o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.Maximize).Should().Be((2e-3, 0.9, 0.999, 1e-8, 0.0, false));
        new Adamax<float>([new Parameter<float>(1)]).Name.Should().Be("Adamax");
    }

    [Theory]
    [InlineData("lr", -1.0, "Invalid learning rate: -1.0")]
    [InlineData("lr", double.NaN, "Invalid learning rate: nan")]
    [InlineData("eps", -1e-8, "Invalid epsilon value: -1e-08")]
    [InlineData("beta1", 1.0, "Invalid beta parameter at index 0: 1.0")]
    [InlineData("beta2", -0.5, "Invalid beta parameter at index 1: -0.5")]
    [InlineData("weight_decay", -0.01, "Invalid weight_decay value: -0.01")]
    public void Invalid_options_fail_with_torchs_message(string name, double value, string message)
    {
        var o = name switch
        {
            "lr" => new AdamaxOptions { Lr = value },
            "eps" => new AdamaxOptions { Eps = value },
            "beta1" => new AdamaxOptions { Beta1 = value },
            "beta2" => new AdamaxOptions { Beta2 = value },
            _ => new AdamaxOptions { WeightDecay = value },
        };
        var build = () => new Adamax<double>([new Parameter<double>(2)], o);
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void Cyclic_schedules_cycle_beta1()
    {
        var o = new AdamaxOptions();
        o.CyclicMomentum.Should().Be(0.9);
        o.CyclicMomentum = 0.85;
        o.Beta1.Should().Be(0.85);
    }

    [Fact]
    public void Eps_is_added_to_the_gradient_inside_the_maximum_as_torch_does()
    {
        // ε 0.5 makes the order visible. θ0 = 1, lr 2e-3, β (0.9, 0.999).
        // t=1: g = 0.5,   m = 0.05, u = max(0.999·0, 0.5 + 0.5) = 1,          clr = 2e-3/(1 - 0.9) = 0.02,  θ = 1 - 0.02·0.05/1 = 0.999
        // t=2: g = -0.25, m = 0.05 + 0.1·(-0.25 - 0.05) = 0.02,
        //      u = max(0.999·1, 0.25 + 0.5) = 0.999 (max(0.999, 0.25) + 0.5 = 1.499 would be the other order),
        //      clr = 2e-3/(1 - 0.81) = 0.0105263157894737,                       θ = 0.999 - clr·0.02/0.999 = 0.998789262947158
        var p = new Parameter<double>([1.0]);
        var opt = new Adamax<double>([p], new AdamaxOptions { Eps = 0.5 });
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.999, Tolerance);
        opt.StateOf(p)!.ExpInf[0].Should().Be(1.0);
        p.Grad[0] = -0.25;
        opt.Step();
        opt.StateOf(p)!.ExpInf[0].Should().Be(0.999);
        opt.StateOf(p)!.ExpAvg[0].Should().BeApproximately(0.02, 1e-17);
        p.Value[0].Should().BeApproximately(0.998789262947158, Tolerance);
        opt.SaveState().ToJsonString().Should().Contain("\"exp_avg\"").And.Contain("\"exp_inf\"");
    }

    [Fact]
    public void The_first_default_step_moves_by_lr_against_the_gradient_sign()
    {
        // m = 0.1·g, u = |g| + 1e-8, clr = lr/0.1: θ -= lr·g/(|g| + 1e-8) ≈ 2e-3·sign(g); L2 decay 0.5 at θ0 = 1 adds 0.5 to g.
        var p = new Parameter<double>([1.0, 1.0]);
        p.Grad[0] = 1.5; p.Grad[1] = -2.5;
        new Adamax<double>([p], new AdamaxOptions { WeightDecay = 0.5 }).Step();
        p.Value[0].Should().BeApproximately(1 - 2e-3, 1e-10);
        p.Value[1].Should().BeApproximately(1 + 2e-3, 1e-10);
    }
}
