namespace OptimizerLab.Analysis;

/// <summary>What <see cref="CurveAnalysis"/> found in a loss curve. Steps are 0-based indices of the loss table.</summary>
/// <param name="InitialLoss">loss[0].</param>
/// <param name="FinalLoss">The last loss.</param>
/// <param name="MinLoss">The smallest loss.</param>
/// <param name="MinStep">Where it occurred (the first time).</param>
/// <param name="PlateauStep">First step below the plateau threshold, or null.</param>
/// <param name="ReboundStep">First step after the plateau above ReboundFactor × running minimum and the floor, or null.</param>
/// <param name="LevelAfterRebound">Median loss from the rebound to the end, or null.</param>
/// <param name="MonotoneUntil">Last step up to which the loss never rose over any step (the curve's initial monotone stretch).</param>
/// <param name="DivergedStep">First non-finite loss, or null.</param>
public sealed record CurveSummary(
    double InitialLoss,
    double FinalLoss,
    double MinLoss,
    int MinStep,
    int? PlateauStep,
    int? ReboundStep,
    double? LevelAfterRebound,
    int MonotoneUntil,
    int? DivergedStep);
