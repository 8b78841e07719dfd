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
    public static CurveSnapshot Snapshot(SnapshotCase snapshotCase) => Snapshot(snapshotCase, perturbation: 0);

    /// <summary>
    /// The case's snapshot with every initial parameter moved by one ulp: perturbation 1 moves all up, 2 all down, 3 the
    /// even-indexed up and the odd down, 4 the reverse (four distinct patterns on any problem, all four sign patterns of a
    /// 2-D one); perturbation 0 is the case itself.
    /// </summary>
    public static CurveSnapshot Snapshot(SnapshotCase snapshotCase, int perturbation)
    {
        var spec = snapshotCase.Spec;
        var (result, lr) = spec.Precision == Precision.Float32 ? Run<float>(spec, perturbation) : Run<double>(spec, perturbation);
        return SnapshotWriter.From(snapshotCase, result, lr);
    }

    private static (RunResult Result, IReadOnlyDictionary<int, double>? Lr) Run<T>(RunSpec spec, int perturbation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = spec.Problem.Build<T>(spec.Seed);
        if (perturbation != 0) PerturbByOneUlp(problem.Parameters, perturbation);
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

    private static void PerturbByOneUlp<T>(IReadOnlyList<Optimizers.Parameter<T>> parameters, int perturbation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (perturbation is < 1 or > 4) throw new ArgumentOutOfRangeException(nameof(perturbation), perturbation, "Perturbations are numbered 1 to 4.");
        int index = 0;
        foreach (var parameter in parameters)
        {
            var values = parameter.Value;
            for (int i = 0; i < values.Length; i++, index++)
            {
                bool up = perturbation switch { 1 => true, 2 => false, 3 => index % 2 == 0, _ => index % 2 == 1 };
                values[i] = up ? T.BitIncrement(values[i]) : T.BitDecrement(values[i]);
            }
        }
    }
}
