namespace OptimizerLab.Analysis;

/// <summary>One run of a validation grid: what was measured and what the lab forecast at the plateau.</summary>
/// <param name="Optimizer">The optimizer's catalog name.</param>
/// <param name="Setting">A label naming the run's settings and seed.</param>
/// <param name="Steps">The horizon the verdict is judged at. The run itself may be longer, so that a rebound just past the
/// horizon is measured and a forecast within the tolerance of it is not called wrong for falling on the other side.</param>
/// <param name="Summary">The curve analysis.</param>
/// <param name="Prediction">The lab's prediction.</param>
/// <param name="Failed">True when the run stopped on a non-finite loss or gradient.</param>
/// <param name="Tolerance">The fraction of the measured rebound step a forecast may be off.</param>
public sealed record PredictionCase(string Optimizer, string Setting, int Steps, CurveSummary Summary, ReboundPrediction Prediction, bool Failed, double Tolerance)
{
    /// <summary>The run's learning-rate schedule as the CLI takes it (NAME:settings), or null without one.</summary>
    public string? Schedule { get; init; }

    /// <summary>The run reached the plateau and the lab forecast from it.</summary>
    public bool Forecast => Summary.PlateauStep is not null && Prediction.ForecastMade && !Failed;

    /// <summary>The forecast says the rebound comes before the horizon.</summary>
    public bool PredictsRebound => Prediction.ForecastStep is int f && f < Steps;

    /// <summary>The run rebounded before the horizon.</summary>
    public bool Rebounded => Summary.ReboundStep is int r && r < Steps;

    /// <summary>
    /// The rebound-or-not verdict at the horizon agrees with the run, or the forecast is within the tolerance of a
    /// measured rebound (only for <see cref="Forecast"/> cases).
    /// </summary>
    public bool VerdictRight => PredictsRebound == Rebounded || RelativeError <= Tolerance;

    /// <summary>|forecast − rebound| / rebound for a measured and forecast rebound, else null.</summary>
    public double? RelativeError => Summary.ReboundStep is int r && Prediction.ForecastStep is int f && r > 0 ? Math.Abs(f - r) / (double)r : null;
}

/// <summary>A validation grid's result for one group of runs (one optimizer, or one schedule).</summary>
/// <param name="Group">The optimizer, or the schedule (none without one), the runs share.</param>
/// <param name="Runs">Runs in the grid.</param>
/// <param name="Failed">Runs that stopped on a non-finite loss or gradient.</param>
/// <param name="Plateaus">Runs that reached the plateau.</param>
/// <param name="Forecasts">Plateaus the lab forecast from (0: the lab has no forecast for this optimizer).</param>
/// <param name="VerdictsRight">Forecast runs whose rebound-or-not verdict was right.</param>
/// <param name="Rebounds">Forecast runs that rebounded.</param>
/// <param name="WithinTolerance">Rebounds whose forecast step was within the tolerance.</param>
/// <param name="WorstError">The largest relative error of a forecast rebound, or null.</param>
public sealed record PredictionScore(string Group, int Runs, int Failed, int Plateaus, int Forecasts, int VerdictsRight, int Rebounds, int WithinTolerance, double? WorstError);

/// <summary>Scores a validation grid: verdict accuracy and forecast error per optimizer, and the worst cases.</summary>
public static class PredictionCheck
{
    /// <summary>One score per optimizer, in the order the optimizers first appear.</summary>
    public static IReadOnlyList<PredictionScore> Score(IEnumerable<PredictionCase> cases) => Score(cases, c => c.Optimizer);

    /// <summary>One score per group (<paramref name="group"/> names a case's group, e.g. its schedule), in the order the groups first appear.</summary>
    public static IReadOnlyList<PredictionScore> Score(IEnumerable<PredictionCase> cases, Func<PredictionCase, string> group)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(group);
        return cases.GroupBy(group).Select(g =>
        {
            var forecast = g.Where(c => c.Forecast).ToArray();
            var rebounds = forecast.Where(c => c.Rebounded).ToArray();
            var errors = rebounds.Select(c => c.RelativeError).OfType<double>().ToArray();
            return new PredictionScore(
                g.Key,
                g.Count(),
                g.Count(c => c.Failed),
                g.Count(c => c.Summary.PlateauStep is not null && !c.Failed),
                forecast.Length,
                forecast.Count(c => c.VerdictRight),
                rebounds.Length,
                rebounds.Count(c => c.RelativeError <= c.Tolerance),
                errors.Length == 0 ? null : errors.Max());
        }).ToArray();
    }

    /// <summary>
    /// The worst forecast cases: wrong verdicts first, then rebounds by relative error, then missing forecasts for a
    /// measured rebound; at most <paramref name="count"/>.
    /// </summary>
    public static IReadOnlyList<PredictionCase> Worst(IEnumerable<PredictionCase> cases, int count)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return cases.Where(c => c.Forecast && (!c.VerdictRight || (c.Rebounded && !(c.RelativeError <= c.Tolerance))))
            .OrderBy(c => c.VerdictRight)
            .ThenByDescending(c => c.RelativeError ?? double.PositiveInfinity)
            .ThenBy(c => c.Setting, StringComparer.Ordinal)
            .Take(count)
            .ToArray();
    }
}
