using System.Numerics;
using OptimizerLab.Analysis;
using OptimizerLab.Problems;

namespace OptimizerLab.Lab;

/// <summary>Runs a <see cref="RunSpec"/> from start to end: trains, records, analyses and predicts.</summary>
public static class Experiment
{
    /// <summary>Runs the spec in its precision on the problem it names.</summary>
    public static RunResult Run(RunSpec spec, CurveAnalysisOptions? analysis = null, CancellationToken cancel = default)
    {
        spec.Validate();
        return spec.Precision == Precision.Float32
            ? Run(spec, spec.Problem.Build<float>(spec.Seed), analysis, cancel)
            : Run(spec, spec.Problem.Build<double>(spec.Seed), analysis, cancel);
    }

    /// <summary>Runs the spec's optimizer on a given problem (e.g. built from the user's .npy files); the spec's problem and seed are ignored.</summary>
    public static RunResult Run<T>(RunSpec spec, Problem<T> problem, CurveAnalysisOptions? analysis = null, CancellationToken cancel = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var session = new RunSession<T>(spec, problem, analysis);
        session.Advance(spec.Steps, cancel);
        return session.Finish();
    }
}
