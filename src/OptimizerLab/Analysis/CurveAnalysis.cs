namespace OptimizerLab.Analysis;

/// <summary>Finds the plateau, the running minimum, the rebound and the level after it in a loss curve.</summary>
public static class CurveAnalysis
{
    /// <summary>Analyses loss[0 … n−1]; thresholds from <paramref name="options"/> (defaults when null).</summary>
    public static CurveSummary Analyze(ReadOnlySpan<double> loss, CurveAnalysisOptions? options = null)
    {
        options ??= new CurveAnalysisOptions();
        if (loss.IsEmpty) throw new ArgumentException("A loss curve needs at least one value.", nameof(loss));

        int? diverged = null;
        int n = loss.Length;
        for (int t = 0; t < n; t++)
        {
            if (!double.IsFinite(loss[t]))
            {
                diverged = t;
                n = t;
                break;
            }
        }

        double plateauBelow = options.PlateauBelow(loss[0]);
        int? plateau = Plateau(loss[..n], plateauBelow, options.PlateauHold), rebound = null;
        double runningMin = double.PositiveInfinity, min = double.PositiveInfinity;
        int minStep = 0;
        int monotoneUntil = 0;
        bool monotone = true;
        for (int t = 0; t < n; t++)
        {
            double value = loss[t];
            if (monotone && t > 0 && value > loss[t - 1]) monotone = false;
            if (monotone) monotoneUntil = t;
            if (value < min)
            {
                min = value;
                minStep = t;
            }

            if (plateau is not null && rebound is null && t > plateau
                && value > options.ReboundFactor * runningMin && value > options.ReboundFloor)
                rebound = t;
            runningMin = Math.Min(runningMin, value);
        }

        double? level = rebound is int r ? Median(loss[r..n]) : null;
        return new CurveSummary(
            InitialLoss: loss[0],
            FinalLoss: loss[^1],
            MinLoss: n == 0 ? double.NaN : min,
            MinStep: minStep,
            PlateauStep: plateau,
            ReboundStep: rebound,
            LevelAfterRebound: level,
            MonotoneUntil: monotoneUntil,
            DivergedStep: diverged);
    }

    /// <summary>
    /// The first index from which <paramref name="hold"/> consecutive values are below <paramref name="below"/> (fewer
    /// where the curve ends first), or null.
    /// </summary>
    public static int? Plateau(ReadOnlySpan<double> loss, double below, int hold)
    {
        int run = 0;
        for (int t = 0; t < loss.Length; t++)
        {
            run = loss[t] < below ? run + 1 : 0;
            if (run >= Math.Max(1, hold) || (run > 0 && t == loss.Length - 1)) return t - run + 1;
        }

        return null;
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
