using System.Numerics;
using OptimizerLab.Lab;
using OptimizerLab.Snapshots.Cases;
using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots;

/// <summary>
/// Runs a case as <see cref="Experiment.Run(RunSpec, Analysis.CurveAnalysisOptions?, CancellationToken)"/> does (one
/// <see cref="RunSession{T}"/>, advanced in pieces: the same bits), reading the learning rate before each recorded step
/// of a scheduled run.
/// </summary>
public static class SnapshotRunner
{
    /// <summary>The case's snapshot.</summary>
    public static CurveSnapshot Snapshot(SnapshotCase snapshotCase) => Snapshot(snapshotCase, perturbation: null);

    /// <summary>The case's snapshot, with a rounding-sized <paramref name="perturbation"/> (null: the case itself).</summary>
    public static CurveSnapshot Snapshot(SnapshotCase snapshotCase, RoundingPerturbation? perturbation)
    {
        var spec = snapshotCase.Spec;
        var (result, lr) = spec.Precision == Precision.Float32 ? Run<float>(spec, perturbation) : Run<double>(spec, perturbation);
        return SnapshotWriter.From(snapshotCase, result, lr);
    }

    private static (RunResult Result, IReadOnlyDictionary<int, double>? Lr) Run<T>(RunSpec spec, RoundingPerturbation? perturbation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = spec.Problem.Build<T>(spec.Seed);
        if (perturbation is not null) problem = perturbation.Apply(problem);
        var session = new RunSession<T>(spec, problem);
        if (spec.Schedule is null)
        {
            session.Advance(spec.Steps);
            return (session.Finish(), null);
        }

        var lr = new Dictionary<int, double>();
        foreach (int step in RecordedSteps.For(spec.Steps))
        {
            session.Advance(step - session.Step);
            if (session.IsFinished) break;
            lr[step] = session.Lr;
        }

        session.Advance(spec.Steps - session.Step);
        return (session.Finish(), lr);
    }
}
