using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>The check for NaN and infinite gradients before a step: which gradients it reads and what it reports.</summary>
public class NonFiniteGradientCheckTests
{
    [Fact]
    public void A_non_finite_first_element_is_reported_with_step_parameter_and_index()
    {
        var w = new Parameter<double>([1.0, 2.0], "weight");
        var adam = new Adam<double>([w]);
        w.Grad[0] = 0.5; w.Grad[1] = 0.5;
        adam.Step();

        w.Grad[0] = double.NegativeInfinity;
        var step = () => adam.Step();
        var thrown = step.Should().Throw<NonFiniteGradientException>()
            .WithMessage("Non-finite gradient at step 2: weight.grad[0] = *").Which;
        (thrown.Step, thrown.ParameterName, thrown.Index).Should().Be((2L, "weight", 0));
        adam.StepsTaken.Should().Be(1, "the refused step was not taken");
    }

    [Fact]
    public void A_parameter_without_gradient_is_not_checked_for_non_finite_values()
    {
        // torch skips a parameter whose grad is None entirely; whatever is left in our Grad array is not a gradient.
        var frozen = new Parameter<float>([1f], "frozen") { HasGrad = false };
        var trained = new Parameter<float>([1f], "trained");
        frozen.Grad[0] = float.NaN;
        trained.Grad[0] = 0.5f;
        var sgd = new Sgd<float>([frozen, trained], new SgdOptions { Lr = 0.5 });

        sgd.Step().Should().Be(StepOutcome.Taken);
        trained.Value.Should().Equal(0.75f);
        frozen.Value.Should().Equal(1f);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(99)]
    public void With_the_scalar_kernels_forced_a_non_finite_gradient_is_found_anywhere(int index)
    {
        // As on a machine without SIMD: the scalar check alone must find it.
        var parameter = new Parameter<float>(new float[100], "weight");
        parameter.Grad[index] = float.NaN;
        var adam = new Adam<float>([parameter]);
        KernelDispatch.WithScalarKernels(() =>
        {
            var step = () => adam.Step();
            step.Should().Throw<NonFiniteGradientException>().WithMessage($"Non-finite gradient at step 1: weight.grad[{index}] = NaN*");
        });
        parameter.Value.Should().OnlyContain(v => v == 0f, "nothing is touched when the step is refused");
    }

    public static TheoryData<string> CatalogNames()
    {
        var names = new TheoryData<string>();
        foreach (string name in OptimizerCatalog.Names) names.Add(name);
        return names;
    }

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void The_catalog_gives_every_optimizer_the_policy_it_is_asked_for(string name)
    {
        // The policy is a property set after construction, so an optimizer built by name must still get it.
        var weight = new Parameter<double>([1.0, 2.0], "weight");
        weight.Grad[1] = double.NaN;
        var optimizer = OptimizerCatalog.Create(name, [weight], nonFiniteGradients: NonFiniteGradientPolicy.SkipStep);

        optimizer.NonFiniteGradients.Should().Be(NonFiniteGradientPolicy.SkipStep);
        var outcome = optimizer is IClosureOptimizer<double> closure ? closure.Step(0.0, () => 0.0) : optimizer.Step();
        outcome.Should().Be(StepOutcome.SkippedNonFiniteGradient);
        weight.Value.Should().Equal(1.0, 2.0);
    }
}
