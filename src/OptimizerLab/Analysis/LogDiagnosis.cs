namespace OptimizerLab.Analysis;

/// <summary>
/// The diagnosis of a training log: the curve analysis in the log's own step numbering, a one-line verdict, and
/// sentences saying what happened and, for a rebound, what prevents it for the optimizer that was used.
/// </summary>
/// <param name="Summary">The analysis, with steps as logged.</param>
/// <param name="Options">The thresholds used.</param>
/// <param name="Verdict">One line: plateau, rebound or not, divergence.</param>
/// <param name="Lines">The explanation's sentences.</param>
public sealed record LogDiagnosis(CurveSummary Summary, CurveAnalysisOptions Options, string Verdict, IReadOnlyList<string> Lines)
{
    /// <summary>A curve must fall at least this many times from its initial loss to have a plateau under <see cref="RelativeTo"/>.</summary>
    public const double MinimumFall = 100;

    /// <summary>
    /// Thresholds relative to the curve, for a log from elsewhere, measured in decades of the fall from the initial loss
    /// L0 to the minimum m (both positive): the plateau starts once the loss has made 90% of its fall (below
    /// L0^0.1·m^0.9), and a rebound is a rise above the running minimum by a quarter of the decades fallen, at least 10×
    /// and at most 1000×, the lab's own factor. So a loss that falls from 2.3 to 0.01 and jumps 50× is a rebound, and a
    /// loss that falls 14 decades to round-off level needs the lab's 1000× (its noise there spans a decade). A curve that
    /// fell less than <see cref="MinimumFall"/>× gets no plateau. Null when the curve has no positive initial loss.
    /// </summary>
    public static CurveAnalysisOptions? RelativeTo(ReadOnlySpan<double> loss)
    {
        double initial = loss[0], min = double.PositiveInfinity;
        foreach (double value in loss)
        {
            if (!double.IsFinite(value)) break;
            if (value > 0) min = Math.Min(min, value);
        }

        if (!(initial > 0) || !double.IsFinite(initial)) return null;
        double fall = initial / min;
        if (!(fall >= MinimumFall)) return new CurveAnalysisOptions { PlateauThreshold = 0, ReboundFactor = 10 };
        return new CurveAnalysisOptions
        {
            // A log's values are sparse (every k steps) and noisy: one value below the threshold is its plateau.
            PlateauHold = 1,
            PlateauThreshold = Math.Pow(initial, 0.1) * Math.Pow(min, 0.9),
            ReboundFactor = Math.Clamp(Math.Pow(fall, 0.25), 10, 1000),
        };
    }

    /// <summary>Analyses <paramref name="log"/> with <paramref name="options"/>; <paramref name="optimizer"/> (a catalog name or null) picks the advice.</summary>
    public static LogDiagnosis Of(TrainingLog log, CurveAnalysisOptions options, string? optimizer)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        string advice = Remedies.For(optimizer);
        var byIndex = CurveAnalysis.Analyze(log.Loss, options);
        var s = log.AtLoggedSteps(byIndex);
        string unit = log.Unit;
        var lines = new List<string> { Reading(log) };
        double plateauBelow = options.PlateauBelow(log.Loss[0]);
        string fraction = options.PlateauFraction is double f ? Explanation.F($" ({f:G3} of the initial loss)") : "";
        lines.Add(plateauBelow > 0
            ? Explanation.F($"Thresholds: a plateau is a loss below {plateauBelow:G3}{fraction}; a rebound is a loss above {options.ReboundFactor:G4}× the running minimum after it.")
            : Explanation.F($"Thresholds: none, the loss fell less than {MinimumFall:G3}× from its initial value, so it has no plateau to rebound from."));

        if (byIndex.DivergedStep is int d)
            lines.Add(Explanation.F($"The loss became {Text(log.Loss[d])} at {unit} {log.Steps[d]} (line {log.Lines[d]}): the run diverged; what follows covers the curve before it."));

        var parts = new List<string>();
        if (byIndex.PlateauStep is not int plateau)
        {
            parts.Add(byIndex.DivergedStep == 0 ? "no finite loss" : Explanation.F($"no plateau (minimum {s.MinLoss:G3} at {unit} {s.MinStep})"));
            if (byIndex.DivergedStep != 0)
                lines.Add(Explanation.F($"The loss went from {s.InitialLoss:G4} to a minimum of {s.MinLoss:G3} at {unit} {s.MinStep} and never fell below the plateau threshold, so there is nothing to rebound from."));
        }
        else
        {
            parts.Add(Explanation.F($"plateau at {unit} {log.Steps[plateau]}"));
            lines.Add(Explanation.F($"Plateau: the loss fell from {s.InitialLoss:G4} below {plateauBelow:G3} at {unit} {log.Steps[plateau]} and reached its minimum {s.MinLoss:G3} at {unit} {s.MinStep}."));
            if (byIndex.ReboundStep is int r)
            {
                double before = Min(log.Loss.AsSpan(0, r));
                parts.Add(Explanation.F($"rebound at {unit} {log.Steps[r]}, level {s.LevelAfterRebound:G3} after it"));
                lines.Add(Explanation.F($"Rebound: at {unit} {log.Steps[r]} (line {log.Lines[r]}) the loss {log.Loss[r]:G3} rose {log.Loss[r] / before:G3}× above its running minimum {before:G3}; from there its median level was {s.LevelAfterRebound:G3} (last value {Text(log.Loss[(byIndex.DivergedStep ?? log.Loss.Length) - 1])})."));
                lines.Add(advice);
            }
            else
            {
                int last = (byIndex.DivergedStep ?? log.Loss.Length) - 1;
                parts.Add(Explanation.F($"no rebound up to {unit} {log.Steps[last]}"));
                lines.Add(Explanation.F($"No rebound up to {unit} {log.Steps[last]}: the loss stayed within {options.ReboundFactor:G4}× of its running minimum."));
            }
        }

        if (byIndex.DivergedStep is int diverged) parts.Add(Explanation.F($"FAILED: non-finite loss at {unit} {log.Steps[diverged]}"));
        return new LogDiagnosis(s, options, string.Join(", ", parts), lines);
    }

    private static string Reading(TrainingLog log)
    {
        string steps = log.Steps.Length == 1
            ? Explanation.F($"{log.Unit} {log.Steps[0]}")
            : Explanation.F($"{log.Unit}s {log.Steps[0]}…{log.Steps[^1]}") + Spacing(log.Steps);
        string source = log.StepColumn is null ? "no step column, so the row index is the step" : $"steps from '{log.StepColumn}'";
        return Explanation.F($"Read {log.Loss.Length} values of '{log.LossColumn}' ({source}), at {steps}.");
    }

    private static string Spacing(int[] steps)
    {
        int gap = steps[1] - steps[0];
        for (int i = 2; i < steps.Length; i++) if (steps[i] - steps[i - 1] != gap) return " at uneven intervals";
        return gap == 1 ? "" : Explanation.F($" every {gap}");
    }

    private static double Min(ReadOnlySpan<double> values)
    {
        double min = double.PositiveInfinity;
        foreach (double v in values) min = Math.Min(min, v);
        return min;
    }

    private static string Text(double value) =>
        double.IsNaN(value) ? "nan" : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf") : Explanation.F($"{value:G3}");
}
