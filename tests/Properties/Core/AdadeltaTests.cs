using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>Adadelta's defaults, messages and first steps are torch's (torch/optim/adadelta.py).</summary>
public class AdadeltaTests
{
    // A handful of double operations per step, each within half an ulp (~1e-16) of values of order 1.
    private const double Tolerance = 1e-13;

    [Fact]
    public void Defaults_are_torchs()
    {
        var o = new AdadeltaOptions();
        (o.Lr, o.Rho, o.Eps, o.WeightDecay, o.Maximize).Should().Be((1.0, 0.9, 1e-6, 0.0, false));
        new Adadelta<float>([new Parameter<float>(1)]).Name.Should().Be("Adadelta");
        o.CyclicMomentum.Should().BeNull("Adadelta has no momentum for a cyclic schedule");
    }

    [Theory]
    [InlineData("lr", -1.0, "Invalid learning rate: -1.0")]
    [InlineData("lr", double.NaN, "Invalid learning rate: nan")]
    [InlineData("rho", 1.5, "Invalid rho value: 1.5")]
    [InlineData("rho", -0.1, "Invalid rho value: -0.1")]
    [InlineData("eps", -1e-6, "Invalid epsilon value: -1e-06")]
    [InlineData("weight_decay", -0.01, "Invalid weight_decay value: -0.01")]
    public void Invalid_options_fail_with_torchs_message(string name, double value, string message)
    {
        var o = name switch
        {
            "lr" => new AdadeltaOptions { Lr = value },
            "rho" => new AdadeltaOptions { Rho = value },
            "eps" => new AdadeltaOptions { Eps = value },
            _ => new AdadeltaOptions { WeightDecay = value },
        };
        var build = () => new Adadelta<double>([new Parameter<double>(2)], o);
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void Rho_of_exactly_one_is_allowed_as_in_torch()
    {
        var build = () => new Adadelta<double>([new Parameter<double>(2)], new AdadeltaOptions { Rho = 1.0 });
        build.Should().NotThrow("torch checks 0 <= rho <= 1, a closed interval");
    }

    [Fact]
    public void First_two_steps_follow_torchs_formulas()
    {
        // lr 1, ρ 0.9, ε 1e-6, θ0 = 1.
        // t=1: g = 0.5,   v = 0.1·0.25 = 0.025,                Δ = sqrt(0 + 1e-6)/sqrt(0.025 + 1e-6)·0.5 = 0.00316221441651248,
        //      u = 0.1·Δ² = 9.99960001599936e-07,              θ = 1 - Δ = 0.996837785583488
        // t=2: g = -0.25, v = 0.9·0.025 + 0.1·0.0625 = 0.02875, Δ = sqrt(u + 1e-6)/sqrt(v + 1e-6)·(-0.25) = -0.00208508702779134,
        //      θ = θ1 - Δ = 0.998922872611279
        var p = new Parameter<double>([1.0]);
        var opt = new Adadelta<double>([p]);
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.996837785583488, Tolerance);
        opt.StateOf(p)!.AccDelta[0].Should().BeApproximately(9.99960001599936e-07, 1e-19);
        p.Grad[0] = -0.25;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.998922872611279, Tolerance);
        opt.SaveState().ToJsonString().Should().Contain("\"square_avg\"").And.Contain("\"acc_delta\"");
    }
}
