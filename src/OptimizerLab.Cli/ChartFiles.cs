using OptimizerLab.Lab;
using OptimizerLab.Plots;
using ScottPlot;

namespace OptimizerLab.Cli;

/// <summary>Writes the loss chart of some runs as PNG and SVG into an output folder.</summary>
internal static class ChartFiles
{
    /// <summary>Runs at least this long get a log step axis: on a linear one their first 1% holds the plateau.</summary>
    public const int LogStepsFrom = 100_000;

    /// <summary>
    /// Saves <c>name.png</c> and <c>name.svg</c>, rendered at the same time on two threads; returns their paths. Runs
    /// longer than the first run get their own panel below it (in the PNG), so they do not squeeze its x axis. A run's
    /// curve is <paramref name="series"/>'s (by default its records' losses; a streamed run's from what it kept).
    /// </summary>
    public static IReadOnlyList<string> SaveLoss(OutputFolder folder, string name, IReadOnlyList<RunResult> runs, string title, Func<RunResult, LossSeries>? series = null)
    {
        series ??= Series;
        string[] paths = [folder.File(name + ".png"), folder.File(name + ".svg")];
        int steps = runs[0].StepsRun;
        var main = runs.Where(r => r.StepsRun <= steps).Select(series).ToArray();
        var longer = runs.Where(r => r.StepsRun > steps).Select(series).ToArray();
        if (longer.Length == 0)
        {
            bool logSteps = steps >= LogStepsFrom;
            // A ScottPlot Plot is not thread-safe: each format gets its own.
            Parallel.ForEach(paths, path => LossChart.Save(main, title, [path], logSteps: logSteps));
            return paths;
        }

        var panels = new List<(IReadOnlyList<LossSeries>, string)>
        {
            (main, title),
            (longer, $"The longer runs, on their own step axis ({string.Join(", ", runs.Where(r => r.StepsRun > steps).Select(r => r.Spec.Label))})"),
        };
        Parallel.ForEach(paths, path => LossChart.SavePanels(panels, [path], 1200, 620));
        return paths;
    }

    /// <summary>
    /// A run's curve with its events. The predicted rebound is drawn only where the prediction applies: a run that
    /// rebounded, at a constant lr (under a schedule the forecast assumes an lr the schedule then changes).
    /// </summary>
    public static LossSeries Series(RunResult run) => Series(run, run.Records.Loss);

    /// <summary>A run's curve from given losses (at <paramref name="steps"/>, or every step when null), with its events.</summary>
    public static LossSeries Series(RunResult run, IReadOnlyList<double> loss, IReadOnlyList<int>? steps = null) =>
        new(run.Spec.Label, loss, run.Summary.ReboundStep, PredictionApplies(run) ? run.Prediction.PredictedStep : null, steps);

    public static bool PredictionApplies(RunResult run) => run.Spec.Schedule is null && run.Summary.ReboundStep is not null;

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
        plot.ShowLegend(Edge.Right);
        plot.GetImageBytes(120, 80, ImageFormat.Png);
        plot.GetSvgXml(120, 80);
    }
}
