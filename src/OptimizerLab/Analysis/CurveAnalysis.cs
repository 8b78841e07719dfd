namespace OptimizerLab.Analysis;

/// <summary>Finds the plateau, the running minimum, the rebound and the level after it in a loss curve.</summary>
public static class CurveAnalysis
{
    /// <summary>Analyses loss[0 … n−1]; thresholds from <paramref name="options"/> (defaults when null).</summary>
    public static CurveSummary Analyze(ReadOnlySpan<double> loss, CurveAnalysisOptions? options = null)
    {
        options ??= new CurveAnalysisOptions();
        if (loss.IsEmpty) throw new ArgumentException("A loss curve needs at least one value.", nameof(loss));
        var tracker = new CurveTracker(options);
        foreach (double value in loss) tracker.Add(value);
        return tracker.Summary(tracker.ReboundStep is int r ? Median(loss[r..tracker.FiniteCount]) : null);
    }

    /// <summary>True when the loss never rises over [from, to] (inclusive).</summary>
    public static bool IsMonotoneNonIncreasing(ReadOnlySpan<double> loss, int from, int to)
    {
        for (int t = from + 1; t <= to; t++)
        {
            if (loss[t] > loss[t - 1]) return false;
        }

        return true;
    }

    /// <summary>The median (mean of the middle two for an even count).</summary>
    public static double Median(ReadOnlySpan<double> values) => Statistics.MedianInPlace(values.ToArray());
}
