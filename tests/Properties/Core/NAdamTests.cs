using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;
using OptimizerLab.TestTable.Entries;

namespace OptimizerLab.Properties.Core;

/// <summary>NAdam's defaults, messages and first steps are torch's (torch/optim/nadam.py).</summary>
public class NAdamTests
{
    // A few dozen double operations per step (0.96^x within a few ulp), each of relative error ~1e-16 on values of order 1.
    private const double Tolerance = 1e-13;

    [Fact]
    public void Defaults_are_torchs()
    {
        var o = new NAdamOptions();
        (o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.MomentumDecay).Should().Be((2e-3, 0.9, 0.999, 1e-8, 0.0, 4e-3));
        (o.DecoupledWeightDecay, o.Maximize).Should().Be((false, false));
        new NAdam<float>([new Parameter<float>(1)]).Name.Should().Be("NAdam");
    }

    [Theory]
    [InlineData("lr", -1.0, "Invalid learning rate: -1.0")]
    [InlineData("lr", double.NaN, "Invalid learning rate: nan")]
    [InlineData("eps", -1e-8, "Invalid epsilon value: -1e-08")]
    [InlineData("beta1", 1.0, "Invalid beta parameter at index 0: 1.0")]
    [InlineData("beta2", 1.5, "Invalid beta parameter at index 1: 1.5")]
    [InlineData("weight_decay", -0.01, "Invalid weight_decay value: -0.01")]
    [InlineData("momentum_decay", -0.004, "Invalid momentum_decay value: -0.004")]
    public void Invalid_options_fail_with_torchs_message(string name, double value, string message)
    {
        var o = name switch
        {
            "lr" => new NAdamOptions { Lr = value },
            "eps" => new NAdamOptions { Eps = value },
            "beta1" => new NAdamOptions { Beta1 = value },
            "beta2" => new NAdamOptions { Beta2 = value },
            "weight_decay" => new NAdamOptions { WeightDecay = value },
            _ => new NAdamOptions { MomentumDecay = value },
        };
        var build = () => new NAdam<double>([new Parameter<double>(2)], o);
        build.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void Cyclic_schedules_cycle_beta1()
    {
        var o = new NAdamOptions();
        o.CyclicMomentum.Should().Be(0.9);
        o.CyclicMomentum = 0.95;
        o.Beta1.Should().Be(0.95);
    }

    [Fact]
    public void First_two_steps_follow_torchs_formulas()
    {
        // Defaults, θ0 = 1.  μ_t = 0.9·(1 - 0.5·0.96^(0.004·t)): μ1 = 0.450073473591296, μ2 = 0.450146935186218, μ3 = 0.450220384786723.
        // t=1: g = 0.5, Π1 = μ1, m = 0.05, v = 0.00025, denom = sqrt(0.00025/0.001) + 1e-8 = 0.50000001,
        //      θ = 1 - 2e-3·(1 - μ1)/(1 - Π1)·0.5/denom - 2e-3·μ2/(1 - Π1·μ2)·0.05/denom = 0.997887096485547
        // t=2: g = -0.25, Π2 = μ1·μ2 = 0.202599194745737, m = 0.02, v = 0.00031225, denom = sqrt(v/(1 - 0.999²)) + 1e-8 = 0.395225390701667,
        //      θ = θ1 - 2e-3·(1 - μ2)/(1 - Π2)·(-0.25)/denom - 2e-3·μ3/(1 - Π2·μ3)·0.02/denom = 0.998709315923223
        var p = new Parameter<double>([1.0]);
        var opt = new NAdam<double>([p]);
        p.Grad[0] = 0.5;
        opt.Step();
        p.Value[0].Should().BeApproximately(0.997887096485547, Tolerance);
        opt.StateOf(p)!.MuProduct.Should().HaveCount(1);
        opt.StateOf(p)!.MuProduct[0].Should().BeApproximately(0.450073473591296, 1e-15);
        p.Grad[0] = -0.25;
        opt.Step();
        opt.StateOf(p)!.MuProduct[0].Should().BeApproximately(0.202599194745737, 1e-15);
        p.Value[0].Should().BeApproximately(0.998709315923223, Tolerance);
    }

    [Fact]
    public void Float_mu_product_is_a_float_product_as_torchs_float32_tensor()
    {
        // torch: mu_product *= mu on a float32 0-d tensor: Π2 = float(float(μ1)·float(μ2)), not float(μ1·μ2).
        var p = new Parameter<float>([1f]) { Grad = { [0] = 0.5f } };
        var opt = new NAdam<float>([p]);
        opt.Step();
        opt.Step();
        float mu1 = (float)(0.9 * (1 - 0.5 * Math.Pow(0.96, 0.004)));
        float mu2 = (float)(0.9 * (1 - 0.5 * Math.Pow(0.96, 0.008)));
        opt.StateOf(p)!.MuProduct[0].Should().Be(mu1 * mu2);
        opt.SaveState().ToJsonString().Should().Contain("\"mu_product\":[").And.Contain("\"exp_avg\"").And.Contain("\"exp_avg_sq\"");
    }

    [Fact]
    public void Decoupled_weight_decay_scales_the_parameter_before_the_update()
    {
        // λ 0.5, lr 0.1, decoupled: θ = 1·(1 - 0.05) = 0.95 first, then the gradient step. With g = 0 the moments stay 0
        // and θ stays 0.95 exactly (0 / denom = 0). Coupled decay instead adds 0.5·θ to g and moves θ by about lr.
        var p = new Parameter<double>([1.0]);
        new NAdam<double>([p], new NAdamOptions { Lr = 0.1, WeightDecay = 0.5, DecoupledWeightDecay = true }).Step();
        p.Value[0].Should().Be(0.95);

        var q = new Parameter<double>([1.0]);
        new NAdam<double>([q], new NAdamOptions { Lr = 0.1, WeightDecay = 0.5 }).Step();
        // g = 0.5: the same first step as the test above with lr 0.1 instead of 2e-3: 1 - 50·(1 - 0.997887096485547).
        q.Value[0].Should().BeApproximately(1 - 50 * (1 - 0.997887096485547), 1e-11);
    }
}

/// <summary>NAdam state that the table does not see: the float32 μ-product, bit for bit over many steps.</summary>
public class NAdamMuProductTests
{
    [Fact]
    public void Float32_mu_product_is_a_float32_running_product_over_many_steps()
    {
        // torch keeps mu_product as a float32 0-d tensor and multiplies it in place: Π_t = fl(Π_{t-1}·fl(μ_t)) at every
        // step. A product kept in double and rounded only when stored drifts from that after a few steps.
        var o = new NAdamOptions { MomentumDecay = 0.3 };
        var reference = new NAdamEntry.Reference<float>(o);
        NAdam<float>? library = null;
        Parameter<float>? p = null;
        PinnedRun.Pin("nadam momentum_decay=0.3", q => library = new NAdam<float>([p = q], o), reference, steps: 60,
            check: step => library!.StateOf(p!)!.MuProduct[0].Should().Be(reference.MuProduct, $"μ-product after step {step}"));
    }
}
