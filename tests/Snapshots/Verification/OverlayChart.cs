using OptimizerLab.Plots;
using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Verification;

/// <summary>The verified and the received curve on one log-scale chart, with each one's rebound and forecast marked.</summary>
public static class OverlayChart
{
    /// <summary>Writes the chart as PNG to <paramref name="path"/>; <paramref name="verified"/> may be null (no snapshot yet).</summary>
    public static void Save(string name, CurveSnapshot? verified, CurveSnapshot received, SnapshotDifference? difference, string path)
    {
        var series = new List<LossSeries>();
        if (verified is not null) series.Add(Series("verified", verified));
        series.Add(Series("received", received));
        string title = difference?.FirstCurveDifference is { } first
            ? $"{name}: verified vs received (curves part at step {first.Step})"
            : verified is null ? $"{name}: received (no verified snapshot)" : $"{name}: verified vs received";
        LossChart.Save(series, title, [path], width: 1000, height: 560);
    }

    private static LossSeries Series(string label, CurveSnapshot snapshot) => new(
        label,
        snapshot.Points.Select(p => p.Loss).ToArray(),
        ReboundStep: Step(snapshot.Get("summary.rebound")),
        PredictedReboundStep: Step(snapshot.Get("prediction.forecast_rebound")),
        Steps: snapshot.Points.Select(p => p.Step).ToArray());

    private static int? Step(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int step) ? step : null;
}
