using OptimizerLab.Plots;
using OptimizerLab.Snapshots.Format;
using ScottPlot;

namespace OptimizerLab.Snapshots.Report;

/// <summary>
/// The two panels of a moved snapshot: the verified and received curves overlaid (rebounds and forecasts marked), and
/// log10 of their relative difference at each recorded step with the precision's ulp marked, so a reviewer sees where
/// the curves part and whether the gap starts at rounding level. Legends sit outside the plot area.
/// </summary>
public static class DifferenceChart
{
    /// <summary>Width and height of each panel in pixels.</summary>
    public const int Width = 1000, Height = 420;

    /// <summary>The overlay panel as PNG.</summary>
    public static byte[] Overlay(string name, CurveSnapshot verified, CurveSnapshot received)
    {
        var plot = LossChart.Build([Series("verified", verified), Series("received", received)], $"{name}: verified vs received");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The relative-difference panel as PNG.</summary>
    public static byte[] Difference(string name, CurveSnapshot verified, CurveSnapshot received, bool float32)
    {
        var plot = new Plot();
        plot.Title($"{name}: log10 relative difference per recorded step");
        plot.XLabel("step");
        plot.YLabel("log10(|received − verified| / min)");
        var byStep = received.Points.ToDictionary(p => p.Step, p => p.Loss);
        var xs = new List<double>();
        var ys = new List<double>();
        foreach (var point in verified.Points)
        {
            if (!byStep.TryGetValue(point.Step, out double actual)) continue;
            double relative = Verification.SnapshotComparison.RelativeDifference(point.Loss, actual);
            xs.Add(point.Step);
            // Equal losses are drawn at the bottom (10^-20, below any ulp); infinite ones at the top (10^3).
            ys.Add(relative == 0 ? -20 : double.IsFinite(relative) ? Math.Log10(relative) : 3);
        }

        var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        line.LegendText = "relative difference (equal: drawn at −20)";
        double ulp = float32 ? Math.Log10(Math.Pow(2, -23)) : Math.Log10(Math.Pow(2, -52));
        var marker = plot.Add.HorizontalLine(ulp, 1, Colors.Gray, LinePattern.Dashed);
        marker.LegendText = float32 ? "one float32 ulp (2^-23)" : "one float64 ulp (2^-52)";
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static LossSeries Series(string label, CurveSnapshot snapshot) => new(
        label,
        snapshot.Points.Select(p => p.Loss).ToArray(),
        ReboundStep: Classification.CurveEvents.Step(snapshot.Get("summary.rebound")),
        PredictedReboundStep: Classification.CurveEvents.Step(snapshot.Get("prediction.forecast_rebound")),
        Steps: snapshot.Points.Select(p => p.Step).ToArray());
}
