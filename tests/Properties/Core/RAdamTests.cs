using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>RAdam's defaults, messages and first steps are torch's (torch/optim/radam.py).</summary>
public class RAdamTests
{
    // A few dozen double operations per step, each of relative error ~1e-16 on values of order 1.
    private const double Tolerance = 1e-13;

    [Fact]
    public void Defaults_are_torchs_not_torchsharps()
    {
        var o = new RAdamOptions();
        (o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay).Should().Be((1e-3, 0.9, 0.999, 1e-8, 0.0));
        (o.DecoupledWeightDecay, o.Maximize).Should().Be((false, false));
        new RAdam<float>([new Parameter<float>(1)]).Name.Should().Be("RAdam");
    }

    [Theory]
    [InlineData("lr", -1.0, "Invalid learning rate: -1.0")]
    [InlineData("lr", double.NaN, "Invalid learning rate: nan")]
    [InlineData("eps", -1e-8, "Invalid epsilon value: -1e-08")]
    [InlineData("beta1", -0.1, "Invalid beta parameter at index 0: -0.1")]
    [InlineData("beta2", 1.0, "Invalid beta parameter at index 1: 1.0")]
    [InlineData("weight_decay", -0.01, "Invalid weight_decay value: -0.01")]
    public void Invalid_options_fail_with_torchs_message(string name, double value, string message)
    {
        var o = name switch
        {
            "lr" => new RAdamOptions { Lr = value },
            "eps" => new RAdamOptions { Eps = value },
            "beta1" => new RAdamOptions { Beta1 = value },
            "beta2" => new RAdamOptions { Beta2 = value },
            _ => new RAdamOptions { WeightDecay = value },
        };
        var build = () => new RAdam<double>([new Parameter<double>(2)], o);
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void Cyclic_schedules_cycle_beta1()
    {
        var o = new RAdamOptions();
        o.CyclicMomentum.Should().Be(0.9);
        o.CyclicMomentum = 0.8;
        o.Beta1.Should().Be(0.8);
    }

    [Fact]
    public void First_two_steps_are_unrectified_momentum_steps()
    {
        // ρ∞ = 2/0.001 - 1 = 1999; ρ1 = 1999 - 2·0.999/0.001 = 1, ρ2 = 1999 - 4·0.998001/0.001999 = 1.9995: both ≤ 5.
        // t=1: g = 0.5,   m = 0.05, m̂ = 0.05/0.1 = 0.5,                 θ = 1 - 0.5·1e-3 = 0.9995
        // t=2: g = -0.25, m = 0.05 + 0.1·(-0.3) = 0.02, m̂ = 0.02/0.19,  θ = 0.9995 - 1e-3·0.02/0.19 = 0.999394736842105
        var p = new Parameter<double>([1.0]);
        var opt = new RAdam<double>([p]);
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.9995, Tolerance);
        p.Grad[0] = -0.25;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.999394736842105, Tolerance);
    }

    [Fact]
    public void The_sixth_default_step_is_the_first_rectified_one()
    {
        // g = 0.5 throughout, θ0 = 1. ρ5 = 4.99599800039505 ≤ 5: steps 1–5 move θ by m̂·lr = 0.5e-3 each (m̂ = 0.5), θ5 = 0.9975.
        // ρ6 = 5.99416375165583 > 5: r6 = sqrt((ρ6 - 4)(ρ6 - 2)ρ∞/((ρ∞ - 4)(ρ∞ - 2)ρ6)) = 0.0258211128018586,
        // l6 = sqrt(1 - 0.999⁶)/(sqrt(v6) + 1e-8) = 1.99999948295651 (v6 = 0.25·(1 - 0.999⁶)), θ6 = θ5 - 0.5·1e-3·l6·r6 = 0.997474178893874.
        var p = new Parameter<double>([1.0]);
        var opt = new RAdam<double>([p]);
        for (int t = 1; t <= 5; t++)
        {
            p.Grad[0] = 0.5;
            opt.Step();
        }

        p.Value[0].Should().BeApproximately(0.9975, Tolerance);
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.997474178893874, Tolerance);
    }

    [Fact]
    public void A_rho_of_exactly_five_is_not_rectified_as_torch_tests_rho_greater_than_five()
    {
        // This β2 makes ρ6 exactly 5.0 in double as the step computes it (found by bisection over doubles); ρ7 = 5.637 > 5.
        const double beta2 = 0.8397685748659787;
        double rhoInf = 2 / (1 - beta2) - 1;
        double power6 = DeterministicMath.Pow(beta2, 6);
        (rhoInf - 2 * 6.0 * power6 / (1 - power6)).Should().Be(5.0, "the premise: step 6 sits exactly on the boundary");

        // g = 0.5 throughout, θ0 = 1: every unrectified step moves θ by lr·m̂ = 1e-3·0.5, so θ6 = 1 - 6·0.5e-3 = 0.997.
        var p = new Parameter<double>([1.0]);
        var opt = new RAdam<double>([p], new RAdamOptions { Beta2 = beta2 });
        for (int t = 1; t <= 6; t++)
        {
            p.Grad[0] = 0.5;
            opt.Step();
        }

        // A rectified step 6 would move θ by 1e-3·0.5·2·r6 with r6 ≈ 0.31 instead.
        p.Value[0].Should().BeApproximately(0.997, Tolerance);

        // Step 7 is rectified: v = 0.25·bc2, so the adaptive lr is sqrt(bc2)/(0.5·sqrt(bc2) + eps) ≈ 2.
        double power7 = Math.Pow(beta2, 7);
        double rho7 = rhoInf - 2 * 7.0 * power7 / (1 - power7);
        double r7 = Math.Sqrt((rho7 - 4) * (rho7 - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho7));
        double adaptive = Math.Sqrt(1 - power7) / (0.5 * Math.Sqrt(1 - power7) + 1e-8);
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.997 - 1e-3 * 0.5 * adaptive * r7, Tolerance);
    }

    [Fact]
    public void Decoupled_weight_decay_scales_the_parameter_before_the_update()
    {
        // λ 0.5, lr 0.1, ∇ = 0.  Decoupled: θ = 1·(1 - 0.1·0.5) = 0.95, m stays 0, so θ stays 0.95 exactly.
        // Coupled: g = 0 + 0.5·1 = 0.5 enters the moment: m = (1 - 0.9)·0.5 = 0.05 (1 - 0.9 is 0.09999999999999998 in double).
        var p = new Parameter<double>([1.0]);
        var decoupled = new RAdam<double>([p], new RAdamOptions { Lr = 0.1, WeightDecay = 0.5, DecoupledWeightDecay = true });
        decoupled.Step();
        p.Value[0].Should().Be(0.95);
        decoupled.StateOf(p)!.ExpAvg[0].Should().Be(0.0, "decoupled decay never enters the moments");

        var q = new Parameter<double>([1.0]);
        var coupled = new RAdam<double>([q], new RAdamOptions { Lr = 0.1, WeightDecay = 0.5 });
        coupled.Step();
        coupled.StateOf(q)!.ExpAvg[0].Should().BeApproximately(0.05, 1e-16, "L2 decay adds λ·θ = 0.5 to the gradient");
    }
}
