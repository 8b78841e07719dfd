using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>Adam's first steps against values worked out by hand from torch's formulas.</summary>
public class AdamStepTests
{
    [Fact]
    public void First_step_moves_each_coordinate_by_lr_against_the_gradient_sign()
    {
        // Step 1: m = 0.1 g, v = 0.001 g², bc1 = 0.1, bc2 = 0.001, so θ -= lr · g/(|g| + eps·...) ≈ lr·sign(g).
        var p = new Parameter<double>([1.0, -2.0, 3.0]);
        p.Grad[0] = 0.5; p.Grad[1] = -4.0; p.Grad[2] = 0.0;
        new Adam<double>([p]).Step();
        p.Value[0].Should().BeApproximately(1.0 - 1e-3, 1e-10);
        p.Value[1].Should().BeApproximately(-2.0 + 1e-3, 1e-10);
        p.Value[2].Should().Be(3.0, "a zero gradient gives m = 0 and no move");
    }

    [Fact]
    public void Parameters_without_gradient_are_skipped_and_keep_no_state()
    {
        var a = new Parameter<float>([1f]) { HasGrad = false };
        var b = new Parameter<float>([1f]);
        a.Grad[0] = 1f; b.Grad[0] = 1f;
        var adam = new Adam<float>([a, b]);
        adam.Step();
        a.Value[0].Should().Be(1f);
        adam.StateOf(a).Should().BeNull();
        adam.StateOf(b)!.Step.Should().Be(1);
    }

    [Fact]
    public void A_non_finite_gradient_throws_naming_step_and_index_and_changes_nothing()
    {
        var a = new Parameter<float>([1f, 2f], "weight");
        var b = new Parameter<float>([3f, 4f], "bias");
        a.Grad[0] = 0.1f; b.Grad[1] = float.NaN;
        var adam = new Adam<float>([a, b]);
        var step = () => adam.Step();
        step.Should().Throw<NonFiniteGradientException>().WithMessage("Non-finite gradient at step 1: bias.grad[1] = NaN*");
        a.Value.Should().Equal(1f, 2f);
        adam.StateOf(a).Should().BeNull();
        adam.StepsTaken.Should().Be(0);
    }

    [Fact]
    public void The_skip_policy_leaves_parameters_and_state_exactly_as_they_were()
    {
        var a = new Parameter<double>([1.0, 2.0]);
        var adam = new Adam<double>([a]) { NonFiniteGradients = NonFiniteGradientPolicy.SkipStep };
        a.Grad[0] = 0.3; a.Grad[1] = -0.2;
        adam.Step();
        string before = adam.SaveState().ToJsonString();
        double[] values = (double[])a.Value.Clone();

        a.Grad[1] = double.PositiveInfinity;
        adam.Step().Should().Be(StepOutcome.SkippedNonFiniteGradient);
        a.Value.Should().Equal(values);
        adam.SaveState().ToJsonString().Should().Be(before);
    }

    [Fact]
    public void Switching_amsgrad_on_after_the_first_step_is_refused_as_torch_cannot_do_it()
    {
        // torch creates max_exp_avg_sq with the state only when amsgrad is set, and fails (KeyError) if it is set later.
        var p = new Parameter<double>([1.0]) { Grad = { [0] = 0.1 } };
        var adam = new Adam<double>([p]);
        adam.Step();
        adam.StateOf(p)!.MaxExpAvgSq.Should().BeEmpty("without amsgrad there is no running maximum");

        adam.Groups[0].Options.Amsgrad = true;
        var step = () => adam.Step();
        step.Should().Throw<InvalidOperationException>()
            .WithMessage("Parameter 'param' has Adam state without max_exp_avg_sq: amsgrad cannot be switched on after the first step.");
    }
}
