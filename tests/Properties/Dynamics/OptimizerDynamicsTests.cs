using FluentAssertions;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Each catalog optimizer's <see cref="IOptimizerDynamics"/> against the optimizer itself: the projection of its step
/// sizes from a state reached on random gradients must equal the step sizes it actually reaches when the gradient is then
/// zero; an optimizer without a plateau instability says why in one sentence.
/// </summary>
public class OptimizerDynamicsTests
{
    /// <summary>Settings that exercise each optimizer's switches (momentum, centered, amsgrad, Nesterov, dampening, decoupled decay with zero decay).</summary>
    public static TheoryData<string, string> Cases() => new()
    {
        { "adam", "" }, { "adamw", "weight_decay=0" }, { "amsgrad", "" }, { "adamax", "" }, { "nadam", "" },
        { "nadam", "momentum_decay=0.04" }, { "radam", "" }, { "rmsprop", "alpha=0.9" }, { "rmsprop", "alpha=0.9,centered=true,momentum=0.5" },
        { "sgd", "momentum=0.9,dampening=0.5" }, { "sgd", "momentum=0.9,nesterov=true" }, { "adadelta", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Projection_equals_the_step_sizes_reached_with_zero_gradient(string name, string settings)
    {
        var parameters = new[] { new Parameter<double>(5, "a"), new Parameter<double>(3, "b") };
        var options = OptimizerCatalog.Options(name, settings.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('=')).Select(kv => KeyValuePair.Create(kv[0], kv[1])));
        var optimizer = OptimizerCatalog.Create(name, parameters, options);
        var random = new Random(7);
        for (int step = 0; step < 40; step++)
        {
            foreach (var p in parameters)
                for (int i = 0; i < p.Length; i++) p.Grad[i] = random.NextDouble() * 2 - 1;
            optimizer.Step();
        }

        optimizer.Dynamics.StableBecause.Should().BeNull();
        var projection = optimizer.Dynamics.ProjectStepSizes();
        projection.StartStep.Should().Be(40);
        var projected = new double[8];
        var actual = new double[8];
        var denominators = new double[8];
        foreach (var p in parameters) p.ZeroGrad();
        for (int k = 0; k <= 300; k++)
        {
            if (k > 0) optimizer.Step();
            optimizer.Dynamics.ReadStepSizes(actual, denominators);
            projection.StepSizesAt(40 + k, projected);
            for (int i = 0; i < 8; i++) projected[i].Should().BeApproximately(actual[i], 1e-9 * actual[i], $"{name} step {40 + k} value {i}");
        }
    }

    [Theory]
    [InlineData("adagrad")]
    [InlineData("lion")]
    [InlineData("rprop")]
    [InlineData("asgd")]
    public void Optimizers_without_a_plateau_instability_say_why(string name)
    {
        var optimizer = OptimizerCatalog.Create(name, [new Parameter<double>(3)]);
        optimizer.Dynamics.StableBecause.Should().NotBeNullOrWhiteSpace().And.EndWith(".");
    }

    [Fact]
    public void Every_other_catalog_optimizer_has_a_momentum_form()
    {
        foreach (string name in OptimizerCatalog.Names.Except(["adagrad", "lion", "rprop", "asgd"]))
        {
            var dynamics = OptimizerCatalog.Create(name, [new Parameter<double>(3)]).Dynamics;
            dynamics.StableBecause.Should().BeNull(name);
            dynamics.Momentum.Threshold.Should().BeInRange(1, 1000, name);
        }
    }

    /// <summary>The threshold is where the unstable mode starts to grow: amplification ≤ 1 just below it, &gt; 1 just above.</summary>
    [Theory]
    [InlineData(0, 0, false, 1.0)]
    [InlineData(0.9, 0, false, 1.0)]
    [InlineData(0.9, 0.5, false, 1.0)]
    [InlineData(0.9, 0, true, 1.0)]
    [InlineData(0.5, 0, true, 1.0)]
    [InlineData(0.9, -1, false, 1.0)] // EMA
    [InlineData(0.9, -1, false, 0.999)] // EMA with decoupled decay
    public void Threshold_is_where_the_amplification_passes_one(double momentum, double dampening, bool nesterov, double shrink)
    {
        var form = dampening < 0 ? MomentumForm.Ema(momentum, shrink)
            : nesterov ? MomentumForm.Nesterov(momentum, dampening) : MomentumForm.HeavyBall(momentum, dampening);
        double t = form.Threshold;
        form.Amplification(t * (1 - 1e-6)).Should().BeLessThanOrEqualTo(1 + 1e-9);
        form.Amplification(t * (1 + 1e-3)).Should().BeGreaterThan(1);
        for (double x = 0.01; x < t * 0.999; x += t / 97) form.Amplification(x).Should().BeLessThan(1, $"x = {x}");
    }

    [Fact]
    public void Known_thresholds()
    {
        MomentumForm.Ema(0.9).Threshold.Should().BeApproximately(38, 1e-12);
        MomentumForm.GradientDescent.Threshold.Should().Be(2);
        MomentumForm.HeavyBall(0.9, 0).Threshold.Should().BeApproximately(3.8, 1e-12);
        MomentumForm.Nesterov(0.9, 0).Threshold.Should().BeApproximately(3.8 / 2.8, 1e-12);
    }
}
