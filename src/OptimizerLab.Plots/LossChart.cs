using ScottPlot;

namespace OptimizerLab.Plots;

/// <summary>
/// log10(loss) against step for several runs, with rebounds (solid) and predicted rebounds (dashed) marked; saved as
/// PNG and/or SVG. Rendering is headless (SkiaSharp), so it works on servers and in CI.
/// </summary>
public static class LossChart
{
    /// <summary>Draws the chart and writes each path given (".png" or ".svg" by extension), atomically (temp file, then rename).</summary>
    public static void Save(IReadOnlyList<LossSeries> series, string title, IEnumerable<string> paths, int width = 1200, int height = 700,
        Alignment legend = Alignment.UpperRight)
    {
        ChartWriter.Save(Build(series, title, legend), paths, width, height);
    }

    /// <summary>Curves longer than twice this are thinned to each bucket's lowest and highest point (about 1.5 buckets per pixel).</summary>
    public const int DrawnBuckets = 1800;

    /// <summary>The chart as a ScottPlot plot, for callers that render it themselves.</summary>
    public static Plot Build(IReadOnlyList<LossSeries> series, string title, Alignment legend = Alignment.UpperRight)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("log10(loss)");
        var palette = new ScottPlot.Palettes.Category10();
        for (int k = 0; k < series.Count; k++)
        {
            var s = series[k];
            var color = palette.GetColor(k);
            if (s.Steps is not null && s.Steps.Count != s.Loss.Count)
                throw new ArgumentException($"Series '{s.Label}' has {s.Loss.Count} loss values but {s.Steps.Count} steps.", nameof(series));
            var xs = new double[s.Loss.Count];
            var ys = new double[s.Loss.Count];
            for (int t = 0; t < xs.Length; t++)
            {
                xs[t] = s.Steps is null ? t : s.Steps[t];
                // Exact zeros (float underflow) would be -inf; draw them at the bottom of double's range instead.
                ys[t] = Math.Log10(Math.Max(s.Loss[t], double.Epsilon));
            }

            var (drawnX, drawnY) = MinMaxDecimation.Thin(xs, ys, DrawnBuckets);
            var line = plot.Add.ScatterLine(drawnX, drawnY, color);
            line.LegendText = s.Label;
            line.LineWidth = 1.5f;
            if (s.ReboundStep is int rebound)
            {
                var marker = plot.Add.VerticalLine(rebound, 1, color);
                marker.LegendText = $"{s.Label}: rebound {rebound}";
            }

            if (s.PredictedReboundStep is int predicted)
            {
                var marker = plot.Add.VerticalLine(predicted, 1, color, LinePattern.Dashed);
                marker.LegendText = $"{s.Label}: predicted {predicted}";
            }
        }

        plot.ShowLegend(legend);
        return plot;
    }
}
