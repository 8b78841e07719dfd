namespace OptimizerLab.Analysis;

/// <summary>
/// The stability view of a run: the preconditioned sharpness S = λ_max(D^½ H D^½) against the optimizer's threshold
/// (38 for Adam with β1 = 0.9). Once S exceeds the threshold the plateau is unstable and the loss grows again.
/// </summary>
/// <param name="Threshold">The stability threshold, or null for optimizers the lab cannot read as preconditioned GD.</param>
/// <param name="LargestHessianEigenvalue">λ_max(H) of the problem, or null without a constant Hessian.</param>
/// <param name="SharpnessAtPlateau">S at the first measurement at or after the plateau step.</param>
/// <param name="CrossingStep">The first measured step at or after the plateau where S ≥ threshold: the predicted rebound.</param>
/// <param name="ForecastStep">Forecast made at the plateau from the optimizer state alone, assuming the gradient stays zero
/// (v decays as β2^t): the step where S would reach the threshold; null if it never would (within the horizon).</param>
/// <param name="SafeEps">For the Adam family: eps above lr·λ_max(H)/threshold caps S below the threshold, so no rebound.</param>
public sealed record ReboundPrediction(
    double? Threshold,
    double? LargestHessianEigenvalue,
    double? SharpnessAtPlateau,
    int? CrossingStep,
    int? ForecastStep,
    double? SafeEps)
{
    /// <summary>No prediction possible (no constant Hessian or no preconditioner to read).</summary>
    public static ReboundPrediction None { get; } = new(null, null, null, null, null, null);

    /// <summary>
    /// For a run with a learning-rate schedule: the forecast the plateau's state gives at a constant lr (the lr of the
    /// plateau step), to set against <see cref="ForecastStep"/>, which follows the schedule. Null without a schedule.
    /// </summary>
    public int? ForecastAtConstantLr { get; init; }

    /// <summary>
    /// For an optimizer whose steps cannot grow on a plateau (Adagrad, Lion): its own sentence saying why it has no such
    /// instability, printed instead of a prediction. Null otherwise.
    /// </summary>
    public string? StableBecause { get; init; }

    /// <summary>Why there is no prediction when the optimizer has one in principle (no constant Hessian, sharpness not measured); null otherwise.</summary>
    public string? NotPredictedBecause { get; init; }

    /// <summary>True when the lab made a forecast from the optimizer's state at the plateau (null <see cref="ForecastStep"/> then means "no rebound").</summary>
    public bool ForecastMade { get; init; }

    /// <summary>True when a schedule was forecast and it changes the forecast.</summary>
    public bool ScheduleMoved => ForecastAtConstantLr is not null && ForecastAtConstantLr != ForecastStep;

    /// <summary>The best available predicted rebound step: the measured crossing, else the forecast.</summary>
    public int? PredictedStep => CrossingStep ?? ForecastStep;
}
