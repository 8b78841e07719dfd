using OptimizerLab.Analysis;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli;

/// <summary>One line per run: plateau step, rebound step or "no rebound", level after the rebound, predicted rebound step.</summary>
internal static class Verdict
{
    /// <summary>The verdict of a finished run.</summary>
    public static string For(RunResult run) => For(run.Summary, run.Prediction, run.StepsRun, run.Failure);

    /// <summary>The verdict from a curve's analysis (also for a CSV read back).</summary>
    public static string For(CurveSummary s, ReboundPrediction p, int steps, string? failure = null)
    {
        var parts = new List<string>();
        if (s.PlateauStep is int plateau) parts.Add(F($"plateau at step {plateau}"));
        else parts.Add(F($"no plateau (minimum {Short(s.MinLoss)} at step {s.MinStep})"));

        if (s.ReboundStep is int rebound) parts.Add(F($"rebound at step {rebound}, level {Short(s.LevelAfterRebound)} after it"));
        else if (s.PlateauStep is not null) parts.Add(F($"no rebound in {steps} steps"));

        if (s.PlateauStep is not null) parts.Add(Prediction(p, steps));
        if (failure is not null) parts.Add($"FAILED: {failure}");
        else if (s.DivergedStep is int diverged) parts.Add(F($"FAILED: non-finite loss at step {diverged}"));
        return string.Join(", ", parts);
    }

    private static string Prediction(ReboundPrediction p, int steps)
    {
        if (p.StableBecause is string because) return $"no rebound predicted: {because}";
        if (p.Threshold is not double threshold) return $"no prediction ({p.NotPredictedBecause ?? "no sharpness recorded"})";
        if (p.ForecastStep is int forecast)
        {
            return forecast >= steps
                ? F($"predicted rebound at step {forecast} (forecast at the plateau), after this run's {steps} steps")
                : F($"predicted rebound at step {forecast} (forecast at the plateau)");
        }

        if (p.CrossingStep is int crossing && !p.ForecastMade) return F($"predicted rebound at step {crossing} (sharpness crossed the threshold)");
        return F($"predicted: no rebound (sharpness stays below {Short(threshold)})");
    }
}
