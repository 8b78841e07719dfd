namespace OptimizerLab.Snapshots.Classification;

/// <summary>
/// The events of a curve that a reviewer reads as its shape: where the plateau starts, where the loss rebounds, where
/// its minimum is, the forecast rebound, where it diverged. Each is a step in the snapshot header, or "none".
/// </summary>
public static class CurveEvents
{
    /// <summary>Header key and the short name a report uses, most telling first.</summary>
    public static IReadOnlyList<(string Key, string Name)> All { get; } =
    [
        ("summary.rebound", "rebound"),
        ("summary.plateau", "plateau"),
        ("prediction.forecast_rebound", "forecast"),
        ("summary.diverged", "divergence"),
        ("summary.minimum_step", "minimum step"),
    ];

    /// <summary>The short name of an event key.</summary>
    public static string Name(string key) => All.First(e => e.Key == key).Name;

    /// <summary>The step an event header value names, or null for "none" (or a missing line).</summary>
    public static int? Step(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int step) ? step : null;
}
