using System.Globalization;
using OptimizerLab.Analysis;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Snapshots.Cases;

namespace OptimizerLab.Snapshots.Format;

/// <summary>Turns a finished run into its <see cref="CurveSnapshot"/>.</summary>
public static class SnapshotWriter
{
    /// <summary>The snapshot of <paramref name="result"/>, the run of <paramref name="snapshotCase"/>.</summary>
    public static CurveSnapshot From(SnapshotCase snapshotCase, RunResult result)
    {
        var spec = result.Spec;
        var s = result.Summary;
        var p = result.Prediction;
        var header = new List<KeyValuePair<string, string>>
        {
            new("format", CurveSnapshot.FormatVersion),
            new("case", snapshotCase.Name),
            new("problem", spec.Problem.ToString()),
            new("seed", spec.Seed.ToString(CultureInfo.InvariantCulture)),
            new("optimizer", spec.Optimizer),
        };
        // An unset option (e.g. initial_lr before a schedule sets it) reads "none", never an empty value.
        foreach (var (key, value) in OptimizerCatalog.Describe(spec.ResolveOptions()))
            header.Add(new($"optimizer.{key}", value.Length == 0 ? "none" : value));
        header.Add(new("precision", spec.Precision == Precision.Float32 ? "float32" : "float64"));
        header.Add(new("steps", spec.Steps.ToString(CultureInfo.InvariantCulture)));
        header.Add(new("recorded", RecordedSteps.Rule));
        header.Add(new("verdict", Verdict(s, p, result.Records.Loss.Length)));
        header.Add(new("summary.initial_loss", CurveSnapshot.FormatNumber(s.InitialLoss)));
        header.Add(new("summary.plateau", CurveSnapshot.FormatOptional(s.PlateauStep)));
        header.Add(new("summary.minimum", CurveSnapshot.FormatNumber(s.MinLoss)));
        header.Add(new("summary.minimum_step", s.MinStep.ToString(CultureInfo.InvariantCulture)));
        header.Add(new("summary.monotone_until", s.MonotoneUntil.ToString(CultureInfo.InvariantCulture)));
        header.Add(new("summary.rebound", CurveSnapshot.FormatOptional(s.ReboundStep)));
        header.Add(new("summary.level_after_rebound", CurveSnapshot.FormatOptional(s.LevelAfterRebound)));
        header.Add(new("summary.final_loss", CurveSnapshot.FormatNumber(s.FinalLoss)));
        header.Add(new("summary.diverged", CurveSnapshot.FormatOptional(s.DivergedStep)));
        header.Add(new("summary.failure", result.Failure ?? "none"));
        header.Add(new("prediction.threshold", CurveSnapshot.FormatOptional(p.Threshold)));
        header.Add(new("prediction.lambda_max", CurveSnapshot.FormatOptional(p.LargestHessianEigenvalue)));
        header.Add(new("prediction.forecast_rebound", CurveSnapshot.FormatOptional(p.ForecastStep)));
        header.Add(new("prediction.safe_eps", CurveSnapshot.FormatOptional(p.SafeEps)));

        var loss = result.Records.Loss;
        var points = RecordedSteps.For(loss.Length).Select(t => new CurvePoint(t, loss[t])).ToArray();
        return new CurveSnapshot(header, points);
    }

    /// <summary>What the curve did, in one line: the meaning a reviewer reads before the numbers.</summary>
    public static string Verdict(CurveSummary s, ReboundPrediction p, int steps)
    {
        if (s.DivergedStep is int diverged)
            return F($"diverged: the loss became non-finite at step {diverged}");
        if (s.PlateauStep is not int plateau)
            return F($"no plateau: the loss fell from {s.InitialLoss:G4} to a minimum of {s.MinLoss:G3} at step {s.MinStep}");

        string predicted = p.ForecastStep is int forecast ? F($"predicted {forecast}") : p.Threshold is null ? "no prediction" : "predicted none";
        return s.ReboundStep is int rebound
            ? F($"plateau from step {plateau}, rebound at step {rebound} ({predicted}), median level after it {s.LevelAfterRebound:G3}")
            : F($"plateau from step {plateau}, no rebound in {steps} steps ({predicted}), minimum {s.MinLoss:G3}");
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
