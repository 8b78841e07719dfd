using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Verification;

/// <summary>Compares a verified and a received snapshot line by line (header by key, curve by step).</summary>
public static class SnapshotComparison
{
    /// <summary>What differs between <paramref name="expected"/> (verified) and <paramref name="actual"/> (received).</summary>
    public static SnapshotDifference Compare(CurveSnapshot expected, CurveSnapshot actual)
    {
        var specChanges = new List<HeaderChange>();
        var summaryChanges = new List<HeaderChange>();
        HeaderChange? verdict = null;
        var keys = expected.Header.Select(h => h.Key).Union(actual.Header.Select(h => h.Key)).ToList();
        int linesDiffering = 0;
        foreach (string key in keys)
        {
            string? before = expected.Get(key), after = actual.Get(key);
            if (before == after) continue;
            linesDiffering++;
            var change = new HeaderChange(key, before, after);
            if (key == "verdict") verdict = change;
            else if (key.StartsWith("summary.", StringComparison.Ordinal) || key.StartsWith("prediction.", StringComparison.Ordinal)) summaryChanges.Add(change);
            else specChanges.Add(change);
        }

        var expectedByStep = expected.Points.ToDictionary(p => p.Step, p => p.Loss);
        var actualByStep = actual.Points.ToDictionary(p => p.Step, p => p.Loss);
        var steps = expectedByStep.Keys.Union(actualByStep.Keys).Order().ToList();
        var expectedLr = expected.Points.ToDictionary(p => p.Step, p => p.Lr);
        var actualLr = actual.Points.ToDictionary(p => p.Step, p => p.Lr);
        PointChange? first = null, largest = null, firstLr = null;
        int stepsDiffering = 0, stepsCompared = 0;
        var oneSided = new List<int>();
        foreach (int step in steps)
        {
            bool inExpected = expectedByStep.TryGetValue(step, out double e);
            bool inActual = actualByStep.TryGetValue(step, out double a);
            if (!inExpected || !inActual)
            {
                oneSided.Add(step);
                linesDiffering++;
                continue;
            }

            stepsCompared++;
            double? lrBefore = expectedLr[step], lrAfter = actualLr[step];
            bool lrDiffers = !Nullable.Equals(lrBefore, lrAfter);
            if (lrDiffers) firstLr ??= new PointChange(step, lrBefore ?? double.NaN, lrAfter ?? double.NaN, RelativeDifference(lrBefore ?? double.NaN, lrAfter ?? double.NaN));
            if (e.Equals(a))
            {
                if (lrDiffers) linesDiffering++;
                continue;
            }

            stepsDiffering++;
            linesDiffering++;
            var change = new PointChange(step, e, a, RelativeDifference(e, a));
            first ??= change;
            if (largest is null || change.RelativeDifference > largest.RelativeDifference) largest = change;
        }

        return new SnapshotDifference(
            linesDiffering, keys.Count + steps.Count, specChanges, summaryChanges.OrderBy(c => Importance(c.Key)).ToArray(), verdict,
            first, largest, firstLr, stepsDiffering, stepsCompared, oneSided);
    }

    // The failure message lists summary changes most telling first: where the rebound went, then the plateau, then levels.
    private static readonly string[] SummaryOrder =
    [
        "summary.rebound", "prediction.forecast_rebound", "summary.plateau", "summary.diverged", "summary.failure",
        "summary.level_after_rebound", "summary.final_loss", "summary.minimum", "summary.minimum_step", "summary.initial_loss",
        "summary.monotone_until", "prediction.threshold", "prediction.lambda_max", "prediction.safe_eps",
    ];

    private static int Importance(string key) => Array.IndexOf(SummaryOrder, key) is var i and >= 0 ? i : SummaryOrder.Length;

    /// <summary>
    /// |actual − expected| / min(|actual|, |expected|): symmetric, so a loss that fell 1e8-fold reads as large as one that
    /// rose 1e8-fold (measured against the expected alone, a fall could never exceed 1). ∞ when either side is 0 or not
    /// finite and they differ.
    /// </summary>
    public static double RelativeDifference(double expected, double actual)
    {
        if (expected.Equals(actual)) return 0;
        if (!double.IsFinite(expected) || !double.IsFinite(actual)) return double.PositiveInfinity;
        double smaller = Math.Min(Math.Abs(expected), Math.Abs(actual));
        return smaller == 0 ? double.PositiveInfinity : Math.Abs(actual - expected) / smaller;
    }
}
