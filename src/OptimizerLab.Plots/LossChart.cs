using ScottPlot;

namespace OptimizerLab.Plots;

/// <summary>
/// Loss (log scale) against step for several runs, with rebounds (solid) and predicted rebounds (dashed) marked; saved
/// as PNG and/or SVG. Rendering is headless (SkiaSharp), so it works on servers and in CI. The legend sits outside the
/// data, right of it; markers of several runs at the same step share one legend entry; steps can be drawn on a log
/// axis for long runs.
/// </summary>
public static class LossChart
{
    /// <summary>Draws the chart and writes each path given (".png" or ".svg" by extension), atomically (temp file, then rename).</summary>
    public static void Save(IReadOnlyList<LossSeries> series, string title, IEnumerable<string> paths, int width = 1200, int height = 700, bool logSteps = false)
    {
        ChartWriter.Save(Build(series, title, logSteps), paths, width, height);
    }

    /// <summary>
    /// Several charts one above the other in one PNG (e.g. the question's runs, and a longer run on its own axis so it
    /// does not squeeze the others). An SVG path gets the first panel only: ScottPlot draws several panels as images only.
    /// </summary>
    public static void SavePanels(IReadOnlyList<(IReadOnlyList<LossSeries> Series, string Title)> panels, IEnumerable<string> paths, int width, int panelHeight)
    {
        ArgumentNullException.ThrowIfNull(panels);
        foreach (string path in paths)
        {
            if (panels.Count == 1 || !path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                ChartWriter.Save(Build(panels[0].Series, panels[0].Title), [path], width, panelHeight);
                continue;
            }

            // A new Multiplot holds one empty plot: Reset replaces it with the first panel.
            var multiplot = new Multiplot();
            multiplot.Reset(Build(panels[0].Series, panels[0].Title));
            foreach (var (series, title) in panels.Skip(1)) multiplot.AddPlot(Build(series, title));
            multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
            ChartWriter.SavePng(multiplot.Render(width, panelHeight * panels.Count).GetImageBytes(ImageFormat.Png), path);
        }
    }

    /// <summary>Curves longer than twice this are thinned to each bucket's lowest and highest point (about 1.5 buckets per pixel).</summary>
    public const int DrawnBuckets = 1800;

    /// <summary>The chart as a ScottPlot plot, for callers that render it themselves.</summary>
    /// <param name="series">The curves.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="logSteps">Steps on a log axis (step 0 left out): for runs of 10⁵ steps and more, where a linear axis puts everything interesting in the first pixels.</param>
    public static Plot Build(IReadOnlyList<LossSeries> series, string title, bool logSteps = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        plot.Title(title);
        if (logSteps) LogAxis.Use(plot.Axes.Bottom, "step (log scale)");
        else plot.XLabel("step");
        LogAxis.Use(plot.Axes.Left, "loss (log scale)");
        var palette = new ScottPlot.Palettes.Category10();
        double X(double step) => logSteps ? Math.Log10(step) : step;
        for (int k = 0; k < series.Count; k++)
        {
            var s = series[k];
            if (s.Steps is not null && s.Steps.Count != s.Loss.Count)
                throw new ArgumentException($"Series '{s.Label}' has {s.Loss.Count} loss values but {s.Steps.Count} steps.", nameof(series));
            var xs = new List<double>(s.Loss.Count);
            var ys = new List<double>(s.Loss.Count);
            for (int t = 0; t < s.Loss.Count; t++)
            {
                double step = s.Steps is null ? t : s.Steps[t];
                if (logSteps && step < 1) continue;
                xs.Add(X(step));
                // Exact zeros (float underflow) would be -inf; draw them at the bottom of double's range instead.
                ys.Add(Math.Log10(Math.Max(s.Loss[t], double.Epsilon)));
            }

            var (drawnX, drawnY) = logSteps
                ? MinMaxDecimation.ThinByX(xs.ToArray(), ys.ToArray(), DrawnBuckets)
                : MinMaxDecimation.Thin(xs.ToArray(), ys.ToArray(), DrawnBuckets);
            var line = plot.Add.ScatterLine(drawnX, drawnY, palette.GetColor(k));
            line.LegendText = s.Label;
            line.LineWidth = 1.5f;
        }

        AddEventMarkers(plot, series, palette, X);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    // One vertical line per run and event, in the run's colour; runs whose event falls on the same step share one legend
    // entry ("predicted 3100: adam, adam-f64"), so lines drawn on top of each other are labelled once.
    private static void AddEventMarkers(Plot plot, IReadOnlyList<LossSeries> series, ScottPlot.Palettes.Category10 palette, Func<double, double> x)
    {
        var events = new List<(string Kind, int Step, int Series)>();
        for (int k = 0; k < series.Count; k++)
        {
            if (series[k].ReboundStep is int rebound) events.Add(("rebound", rebound, k));
            if (series[k].PredictedReboundStep is int predicted) events.Add(("predicted", predicted, k));
        }

        foreach (var group in events.GroupBy(e => (e.Kind, e.Step)).OrderBy(g => g.Key.Step).ThenByDescending(g => g.Key.Kind))
        {
            bool first = true;
            foreach (var e in group)
            {
                bool predicted = e.Kind == "predicted";
                var marker = plot.Add.VerticalLine(x(e.Step), predicted ? 1.5f : 1.2f, palette.GetColor(e.Series), predicted ? LinePattern.Dashed : LinePattern.Solid);
                if (first) marker.LegendText = $"{e.Kind} {e.Step}: {string.Join(", ", group.Select(g => series[g.Series].Label))}";
                first = false;
            }
        }
    }
}
