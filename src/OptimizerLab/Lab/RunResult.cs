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
    /// <summary>Set for a streamed run (<see cref="IRunRecordStream"/>), whose <see cref="Records"/> are empty: what it kept instead.</summary>
    public StreamedRun? Streamed { get; init; }

    /// <summary>The number of steps that ran.</summary>
    public int StepsRun => Streamed?.StepsRun ?? Records.Loss.Length;

    /// <summary>The sentences <see cref="Explanation"/> gives for this run (what happened, why, and remedies).</summary>
    public IReadOnlyList<string> Explain() => Explanation.Explain(Streamed is null ? DenominatorFall.Of(Records.Diagnostics, Summary) : Streamed.Fall, Summary, Prediction, Spec.Steps,
        Spec.Optimizer is "adam" or "adamw" || !Remedies.Known.Contains(Spec.Optimizer) ? null : Remedies.For(Spec.Optimizer));
}

/// <summary>What a streamed run keeps of its records: their count and what the explanation reads from its diagnostics.</summary>
/// <param name="StepsRun">The number of steps that ran.</param>
/// <param name="Fall">How the denominators fell between the plateau and the rebound, or null.</param>
public sealed record StreamedRun(int StepsRun, DenominatorFall? Fall);
