using OptimizerLab.Lab;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// Issue 3's acceptance: on the seed problem (N=64, D_in=1000, MSE sum, Adam defaults) the engine finds the plateau,
/// the rebound and predicts it, in float32 and float64; AMSGrad and eps = 0.1 do not rebound.
/// </summary>
public class SeedExperimentTests
{
    private static RunResult Run(Precision precision, string optimizer = "adam", string? eps = null) =>
        Experiment.Run(new RunSpec
        {
            Precision = precision,
            Optimizer = optimizer,
            Options = eps is null ? null : OptimizerCatalog.Options(optimizer, [KeyValuePair.Create("eps", eps)]),
            DiagnosticsEvery = 50,
            SharpnessEvery = 25,
        });

    [Theory]
    [InlineData(Precision.Float32)]
    [InlineData(Precision.Float64)]
    public void Adam_plateaus_rebounds_and_the_prediction_is_within_10_percent(Precision precision)
    {
        var run = Run(precision);
        run.Failure.Should().BeNull();
        run.Summary.InitialLoss.Should().BeInRange(60, 140, "the question's loss[0] was 91.7 for the same set-up");
        run.Summary.PlateauStep.Should().BeInRange(200, 350);
        int rebound = run.Summary.ReboundStep.Should().NotBeNull().And.Subject!.Value;
        rebound.Should().BeInRange(1500, 5000);
        int predicted = run.Prediction.PredictedStep.Should().NotBeNull().And.Subject!.Value;
        Math.Abs(predicted - rebound).Should().BeLessThanOrEqualTo(rebound / 10, $"predicted {predicted}, actual {rebound}");
        int forecast = run.Prediction.ForecastStep.Should().NotBeNull().And.Subject!.Value;
        Math.Abs(forecast - rebound).Should().BeLessThanOrEqualTo(rebound / 10, $"forecast at the plateau {forecast}, actual {rebound}");
        run.Prediction.Threshold.Should().BeApproximately(38, 1e-9);
    }

    [Theory]
    [InlineData(Precision.Float32, "amsgrad", null)]
    [InlineData(Precision.Float64, "amsgrad", null)]
    [InlineData(Precision.Float32, "adam", "0.1")]
    [InlineData(Precision.Float64, "adam", "0.1")]
    public void Remedies_plateau_without_rebound(Precision precision, string optimizer, string? eps)
    {
        var run = Run(precision, optimizer, eps);
        run.Summary.PlateauStep.Should().NotBeNull();
        run.Summary.ReboundStep.Should().BeNull();
        run.Prediction.CrossingStep.Should().BeNull();
        run.Prediction.ForecastStep.Should().BeNull("AMSGrad's max of v never decays, and eps = 0.1 caps the step below the threshold");
    }

    [Fact]
    public void The_safe_eps_is_lr_times_lambda_max_over_38()
    {
        // Brief: λ_max ≈ 3.2e3 for the seed data, so eps > ~0.084; our seeded data give a similar spectrum.
        var p = Run(Precision.Float64).Prediction;
        p.LargestHessianEigenvalue.Should().BeInRange(2.5e3, 4e3);
        p.SafeEps.Should().BeApproximately(1e-3 * p.LargestHessianEigenvalue!.Value / 38, 1e-12);
    }
}
