using OptimizerLab.Lab;
using OptimizerLab.Plots;

namespace OptimizerLab.Cli;

/// <summary>Writes the loss chart of some runs as PNG and SVG into an output folder.</summary>
internal static class ChartFiles
{
    /// <summary>Saves <c>name.png</c> and <c>name.svg</c>; returns their paths.</summary>
    public static IReadOnlyList<string> SaveLoss(OutputFolder folder, string name, IReadOnlyList<RunResult> runs, string title)
    {
        var series = runs.Select(r => new LossSeries(r.Spec.Label, r.Records.Loss, r.Summary.ReboundStep, r.Prediction.PredictedStep)).ToArray();
        string[] paths = [folder.File(name + ".png"), folder.File(name + ".svg")];
        LossChart.Save(series, title, paths);
        return paths;
    }
}
