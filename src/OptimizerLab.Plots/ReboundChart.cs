using ScottPlot;

namespace OptimizerLab.Plots;

/// <summary>
/// Rebound step against learning rate (log10 on the x axis), one line per setting; settings without a rebound at some lr
/// are drawn as hollow markers on the dotted line at the run length ("no rebound within the run").
/// </summary>
public static class ReboundChart
{
    /// <summary>Draws the chart and writes each path given (".png" or ".svg"), atomically.</summary>
    public static void Save(IReadOnlyList<ReboundSeries> series, int steps, string title, IEnumerable<string> paths, int width = 1000, int height = 650) =>
        ChartWriter.Save(Build(series, steps, title), paths, width, height);

    /// <summary>The chart as a ScottPlot plot.</summary>
    public static Plot Build(IReadOnlyList<ReboundSeries> series, int steps, string title)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("log10(lr)");
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
                var markers = plot.Add.ScatterPoints(missing.Select(p => Math.Log10(p.Lr)).ToArray(), missing.Select(_ => (double)steps).ToArray(), color);
                markers.MarkerShape = MarkerShape.OpenCircle;
                markers.MarkerSize = 11;
                markers.LegendText = rebounds.Length > 0 ? $"{series[k].Label}: no rebound" : $"{series[k].Label} (no rebound)";
            }
        }

        if (anyMissing)
        {
            var limit = plot.Add.HorizontalLine(steps, 1, Colors.Gray, LinePattern.Dotted);
            limit.LegendText = $"run length ({steps} steps)";
        }

        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
