using System.Numerics;
using OptimizerLab.Analysis;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;

namespace OptimizerLab.Lab;

/// <summary>Runs a <see cref="RunSpec"/>: trains, records, analyses and predicts.</summary>
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
        var optimizer = OptimizerCatalog.Create<T>(spec.Optimizer, problem.Parameters, spec.ResolveOptions());
        var recorder = new Recorder<T>(problem, optimizer, spec);
        string? failure = null;
        int stepsRun = spec.Steps;
        for (int t = 0; t < spec.Steps; t++)
        {
            if ((t & 255) == 0) cancel.ThrowIfCancellationRequested();
            double value = problem.LossAndGradient();
            recorder.Records.Loss[t] = value;
            if (!double.IsFinite(value))
            {
                failure = $"The loss became {value} at step {t}.";
                stepsRun = t + 1;
                break;
            }

            bool diagnose = recorder.WantsDiagnostics(t);
            if (diagnose) recorder.BeforeStep();
            try
            {
                optimizer.Step();
            }
            catch (NonFiniteGradientException e)
            {
                failure = e.Message;
                stepsRun = t + 1;
                break;
            }

            if (diagnose) recorder.AfterStep(t);
        }

        var loss = recorder.Records.Loss.AsSpan(0, stepsRun);
        var summary = CurveAnalysis.Analyze(loss, analysis);
        var records = stepsRun == spec.Steps ? recorder.Records : new RunRecords(loss.ToArray(), recorder.Records.Diagnostics);
        return new RunResult(spec, records, summary, recorder.Predict(summary), failure);
    }
}
