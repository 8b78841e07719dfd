using OptimizerLab.Optimizers;

namespace OptimizerLab.Regression.Parity;

/// <summary>The parity check can fail: a deliberately mismatched pair leaves the tolerance within the first steps.</summary>
public class ParityHarnessSensitivityTests
{
    private static readonly Lazy<LeastSquaresProblem> Problem = new(() => LeastSquaresProblem.Seeded(0));

    [Fact]
    public void In_float64_a_learning_rate_off_by_one_part_in_a_billion_is_caught_at_the_first_step()
    {
        // Step 1 moves θ by ~lr = 1e-3, so a 1e-9 relative lr error moves it by ~1e-12, far above the step-1 tolerance 3.9·ε64·|θ| ≈ 3e-15.
        var result = ParityRun.Compare<double>(Mismatched(relativeLrError: 1e-9), Problem.Value, steps: 50);
        result.Violation.Should().NotBeNull();
        result.Violation!.Step.Should().Be(1);
    }

    [Fact]
    public void In_float32_a_learning_rate_off_by_one_percent_is_caught_at_the_first_step()
    {
        // A 1e-2 relative lr error moves θ by ~1e-5 in step 1, far above the step-1 tolerance 3.9·ε32·|θ| ≈ 1.5e-6.
        var result = ParityRun.Compare<float>(Mismatched(relativeLrError: 1e-2), Problem.Value, steps: 50);
        result.Violation.Should().NotBeNull();
        result.Violation!.Step.Should().Be(1);
    }

    [Fact]
    public void In_float64_an_SGD_learning_rate_off_by_one_part_in_a_billion_is_caught_at_the_first_step()
    {
        // SGD's step 1 moves θ by lr·|g| ~ 0.05, so the error is ~5e-11; the step-1 tolerance is 2·ε64·(max(1,|θ|) + |Δθ|) ~ 2e-15.
        var sgd = ParityCase.Of("sgd", "SGD, TorchSharp's lr perturbed", new SgdOptions());
        var mismatched = sgd with { CreateTorch = (parameters, o) => sgd.CreateTorch(parameters, o with { Lr = o.Lr * (1 + 1e-9) }) };
        var result = ParityRun.Compare<double>(mismatched, Problem.Value, steps: 50);
        result.Violation.Should().NotBeNull();
        result.Violation!.Step.Should().Be(1);
    }

    [Fact]
    public void An_update_that_overflows_is_reported_at_its_step_and_parameter_not_as_a_NaN_tolerance()
    {
        // SGD with lr = 1e308 sends θ - lr·g past the largest double at step 1 (|g| > 2 there) on our side only.
        var sgd = ParityCase.Of("sgd", "SGD, our lr 1e308", new SgdOptions());
        var mismatched = sgd with
        {
            CreateTorch = (parameters, _) => sgd.CreateTorch(parameters, new SgdOptions()),
            Options = new SgdOptions { Lr = 1e308 },
        };
        var result = ParityRun.Compare<double>(mismatched, Problem.Value, steps: 5);
        result.Violation.Should().NotBeNull();
        result.Violation!.NonFinite.Should().BeTrue();
        result.Violation.ToString().Should().MatchRegex(@"^ours turned -?Infinity at step 1, parameter (weight|bias)\[\d+\] \(ours -?Infinity, torch ");
    }

    private static ParityCase Mismatched(double relativeLrError)
    {
        var adam = ParityCase.Of("adam", "Adam, TorchSharp's lr perturbed", new AdamOptions());
        return adam with { CreateTorch = (parameters, o) => adam.CreateTorch(parameters, o with { Lr = o.Lr * (1 + relativeLrError) }) };
    }
}
