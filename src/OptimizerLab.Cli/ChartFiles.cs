using OptimizerLab.Lab;
using OptimizerLab.Plots;
using ScottPlot;

namespace OptimizerLab.Cli;

/// <summary>Writes the loss chart of some runs as PNG and SVG into an output folder.</summary>
internal static class ChartFiles
{
    /// <summary>Saves <c>name.png</c> and <c>name.svg</c>, rendered at the same time on two threads; returns their paths.</summary>
    public static IReadOnlyList<string> SaveLoss(OutputFolder folder, string name, IReadOnlyList<RunResult> runs, string title)
    {
        var series = runs.Select(r => new LossSeries(r.Spec.Label, r.Records.Loss, r.Summary.ReboundStep, r.Prediction.PredictedStep)).ToArray();
        string[] paths = [folder.File(name + ".png"), folder.File(name + ".svg")];
        // A ScottPlot Plot is not thread-safe: each format gets its own.
        Parallel.ForEach(paths, path => LossChart.Save(series, title, [path], legend: Alignment.LowerRight));
        return paths;
    }

    /// <summary>
    /// Renders a tiny chart in memory: loads SkiaSharp and the fonts and compiles ScottPlot's drawing code, which
    /// otherwise costs ~0.5 s at the first real chart. Run it beside the runs, on the core the short runs leave idle.
    /// </summary>
    public static void WarmUp()
    {
        var plot = new Plot();
        plot.Title("warm-up");
        plot.XLabel("x");
        plot.YLabel("y");
        var line = plot.Add.ScatterLine(new double[] { 0, 1, 2 }, new double[] { 0, 1, 0 });
        line.LegendText = "line";
        plot.Add.VerticalLine(1, 1, Colors.Black, LinePattern.Dashed).LegendText = "marker";
        plot.ShowLegend(Alignment.LowerRight);
        plot.GetImageBytes(120, 80, ImageFormat.Png);
        plot.GetSvgXml(120, 80);
    }
}
