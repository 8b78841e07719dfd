using System.Globalization;
using OptimizerLab.Analysis;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using OptimizerLab.Snapshots.Cases;

namespace OptimizerLab.Snapshots.Format;

/// <summary>Turns a finished run into its <see cref="CurveSnapshot"/>.</summary>
public static class SnapshotWriter
{
    /// <summary>
    /// The snapshot of <paramref name="result"/>, the run of <paramref name="snapshotCase"/>; with <paramref name="lr"/>
    /// (the learning rate used at each recorded step) the curve gets an lr column.
    /// </summary>
    public static CurveSnapshot From(SnapshotCase snapshotCase, RunResult result, IReadOnlyDictionary<int, double>? lr = null)
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
        foreach (var (key, value) in OptimizerCatalog.Describe(spec.NewOptions()))
            header.Add(new($"optimizer.{key}", value.Length == 0 ? "none" : value));
        header.AddRange(ScheduleLines(spec));
        header.Add(new("clip_norm", CurveSnapshot.FormatOptional(spec.ClipNorm)));
        header.Add(new("clip_value", CurveSnapshot.FormatOptional(spec.ClipValue)));
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
        // A step after an early stop has no lr: NaN, so the line still exists and a diff shows it.
        var points = RecordedSteps.For(loss.Length)
            .Select(t => new CurvePoint(t, loss[t], lr is null ? null : lr.TryGetValue(t, out double rate) ? rate : double.NaN))
            .ToArray();
        return new CurveSnapshot(header, points);
    }

    // Counters of a schedule's saved state, not settings.
    private static readonly HashSet<string> ScheduleCounters =
        ["format", "version", "schedule", "groups", "last_epoch", "last_lr", "best", "num_bad_epochs", "cooldown_counter"];

    /// <summary>
    /// The schedule and every one of its settings with torch's defaults filled in: read from the state of the same
    /// schedule built on a one-value optimizer with the run's options (the state holds each setting as torch names it).
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> ScheduleLines(RunSpec spec)
    {
        if (spec.Schedule is null)
        {
            yield return new("schedule", "none");
            yield break;
        }

        var probe = OptimizerCatalog.Create<double>(spec.Optimizer, [new Parameter<double>([0.0])], spec.NewOptions());
        var state = ScheduleCatalog.Create(spec.Schedule, spec.ScheduleSettings, probe).SaveState();
        yield return new("schedule", state["schedule"]?.ToJsonString().Trim('"') ?? spec.Schedule);
        foreach (var (key, value) in state)
        {
            if (!ScheduleCounters.Contains(key)) yield return new($"schedule.{key}", value?.ToJsonString() ?? "null");
        }
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
