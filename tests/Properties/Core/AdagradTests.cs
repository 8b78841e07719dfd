using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>Adagrad's defaults, messages and first steps are torch's (torch/optim/adagrad.py).</summary>
public class AdagradTests
{
    // A handful of double operations per step, each within half an ulp (~1e-16) of values of order 1.
    private const double Tolerance = 1e-13;

    [Fact]
    public void Defaults_are_torchs()
    {
        var o = new AdagradOptions();
        (o.Lr, o.LrDecay, o.WeightDecay, o.InitialAccumulatorValue, o.Eps, o.Maximize).Should().Be((1e-2, 0.0, 0.0, 0.0, 1e-10, false));
        new Adagrad<float>([new Parameter<float>(1)]).Name.Should().Be("Adagrad");
        o.CyclicMomentum.Should().BeNull("Adagrad has no momentum for a cyclic schedule");
    }

    [Theory]
    [InlineData("lr", -1.0, "Invalid learning rate: -1.0")]
    [InlineData("lr", double.NaN, "Invalid learning rate: nan")]
    [InlineData("lr_decay", -0.1, "Invalid lr_decay value: -0.1")]
    [InlineData("weight_decay", -0.01, "Invalid weight_decay value: -0.01")]
    [InlineData("initial_accumulator_value", -1.0, "Invalid initial_accumulator_value value: -1.0")]
    [InlineData("eps", -1e-10, "Invalid epsilon value: -1e-10")]
    public void Invalid_options_fail_with_torchs_message(string name, double value, string message)
    {
        var o = name switch
        {
            "lr" => new AdagradOptions { Lr = value },
            "lr_decay" => new AdagradOptions { LrDecay = value },
            "weight_decay" => new AdagradOptions { WeightDecay = value },
            "initial_accumulator_value" => new AdagradOptions { InitialAccumulatorValue = value },
            _ => new AdagradOptions { Eps = value },
        };
        var build = () => new Adagrad<double>([new Parameter<double>(2)], o);
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void First_two_steps_follow_torchs_formulas()
    {
        // lr 0.1, lr_decay 0.5, initial accumulator 0.1, ε 1e-10, θ0 = 1.
        // t=1: clr = 0.1/(1 + 0·0.5) = 0.1,       sum = 0.1 + 0.25 = 0.35,     θ = 1 - 0.1·0.5/(sqrt(0.35) + 1e-10)      = 0.915484574541434
        // t=2: clr = 0.1/(1 + 1·0.5) = 0.0666..., sum = 0.35 + 0.0625 = 0.4125, θ = θ1 + clr·0.25/(sqrt(0.4125) + 1e-10) = 0.941434539342778
        var p = new Parameter<double>([1.0]);
        var opt = new Adagrad<double>([p], new AdagradOptions { Lr = 0.1, LrDecay = 0.5, InitialAccumulatorValue = 0.1 });
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.915484574541434, Tolerance);
        opt.StateOf(p)!.Sum[0].Should().Be(0.1 + 0.25);
        p.Grad[0] = -0.25;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.941434539342778, Tolerance);
    }

    [Fact]
    public void The_first_default_step_moves_by_lr_against_the_gradient_sign()
    {
        // sum = g², so θ -= 0.01·g/(|g| + 1e-10) ≈ 0.01·sign(g); maximize flips the sign.
        var p = new Parameter<double>([1.0, 1.0]);
        p.Grad[0] = 3.0; p.Grad[1] = -3.0;
        new Adagrad<double>([p], new AdagradOptions { Maximize = true }).Step();
        p.Value[0].Should().BeApproximately(1.01, 1e-12);
        p.Value[1].Should().BeApproximately(0.99, 1e-12);
    }

    [Fact]
    public void The_accumulator_is_saved_under_torchs_key()
    {
        var p = new Parameter<float>([1f]) { Grad = { [0] = 0.5f } };
        var opt = new Adagrad<float>([p], new AdagradOptions { InitialAccumulatorValue = 0.5 });
        opt.Step();
        opt.SaveState().ToJsonString().Should().Contain("\"sum\":[0.75]").And.NotContain("CyclicMomentum");
    }
}
