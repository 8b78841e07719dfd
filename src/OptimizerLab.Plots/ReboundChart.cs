using ScottPlot;

namespace OptimizerLab.Plots;

/// <summary>
/// Rebound step against learning rate (log scale, ticks at powers of ten), one line per setting; settings without a
/// rebound at some lr are drawn on the dotted line at the run length, each setting with its own hollow marker shape
/// and shifted sideways a little, so settings that share an lr stay distinguishable. The legend sits right of the data.
/// </summary>
public static class ReboundChart
{
    /// <summary>Hollow shapes for "no rebound", one per setting (cycled when there are more settings).</summary>
    public static readonly MarkerShape[] NoReboundShapes =
        [MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond, MarkerShape.OpenTriangleDown, MarkerShape.Cross, MarkerShape.Eks];

    /// <summary>Sideways shift between neighbouring settings' "no rebound" markers, in decades of lr.</summary>
    public const double Jitter = 0.04;

    /// <summary>Draws the chart and writes each path given (".png" or ".svg"), atomically.</summary>
    public static void Save(IReadOnlyList<ReboundSeries> series, int steps, string title, IEnumerable<string> paths, int width = 1100, int height = 650) =>
        ChartWriter.Save(Build(series, steps, title), paths, width, height);

    /// <summary>The chart as a ScottPlot plot.</summary>
    public static Plot Build(IReadOnlyList<ReboundSeries> series, int steps, string title)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        plot.Title(title);
        LogAxis.Use(plot.Axes.Bottom, "learning rate (log scale)");
        plot.YLabel("rebound step (median over seeds)");
        var palette = new ScottPlot.Palettes.Category10();
        bool anyMissing = false;
        for (int k = 0; k < series.Count; k++)
        {
            var color = palette.GetColor(k);
            var points = series[k].Points.Where(p => p.Lr > 0).OrderBy(p => p.Lr).ToArray();
            var rebounds = points.Where(p => p.ReboundStep is not null).ToArray();
            if (rebounds.Length > 0)
            {
                var line = plot.Add.ScatterLine(rebounds.Select(p => Math.Log10(p.Lr)).ToArray(), rebounds.Select(p => p.ReboundStep!.Value).ToArray(), color);
                line.LegendText = series[k].Label;
                line.LineWidth = 2;
                line.MarkerSize = 9;
                line.MarkerShape = MarkerShape.FilledCircle;
            }

            var missing = points.Where(p => p.ReboundStep is null).ToArray();
            if (missing.Length > 0)
            {
                anyMissing = true;
                double shift = (k - (series.Count - 1) / 2.0) * Jitter;
                var markers = plot.Add.ScatterPoints(missing.Select(p => Math.Log10(p.Lr) + shift).ToArray(), missing.Select(_ => (double)steps).ToArray(), color);
                markers.MarkerShape = NoReboundShapes[k % NoReboundShapes.Length];
                markers.MarkerSize = 11;
                markers.MarkerLineWidth = 2;
                markers.LegendText = $"{series[k].Label}: no rebound";
            }
        }

        if (anyMissing)
        {
            var limit = plot.Add.HorizontalLine(steps, 1, Colors.Gray, LinePattern.Dotted);
            limit.LegendText = $"run length ({steps} steps)";
        }

        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
