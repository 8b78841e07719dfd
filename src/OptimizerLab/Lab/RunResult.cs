using OptimizerLab.Analysis;

namespace OptimizerLab.Lab;

/// <summary>A finished run: its spec, records, analysis and rebound prediction.</summary>
/// <param name="Spec">What was run.</param>
/// <param name="Records">Loss per step and diagnostics.</param>
/// <param name="Summary">Plateau, minimum, rebound, level after it.</param>
/// <param name="Prediction">Where the sharpness crossed the stability threshold, if measured.</param>
/// <param name="Failure">Why the run stopped early (e.g. a non-finite gradient), or null.</param>
public sealed record RunResult(
    RunSpec Spec,
    RunRecords Records,
    CurveSummary Summary,
    ReboundPrediction Prediction,
    string? Failure)
{
    /// <summary>The sentences <see cref="Explanation"/> gives for this run (what happened, why, and remedies).</summary>
    public IReadOnlyList<string> Explain() => Explanation.Explain(Records, Summary, Prediction, Spec.Steps);
}
