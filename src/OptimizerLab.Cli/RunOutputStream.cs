using OptimizerLab.Analysis;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli;

/// <summary>A `run`'s records as they come: every row to the CSV file, and what the chart and the question table need to a <see cref="LossCurveKeeper"/>.</summary>
internal sealed class RunOutputStream(RunCsvStream csv, LossCurveKeeper curve) : IRunRecordStream
{
    public LossCurveKeeper Curve => curve;

    public void Add(int step, double loss)
    {
        csv.Add(step, loss);
        curve.Add(loss);
    }

    public void Add(in DiagnosticsRow row) => csv.Add(row);

    // A run short enough for the curve to keep every loss reads them from memory: the same values, without parsing the CSV.
    public IEnumerable<double> Losses(int from, int to) => curve.All is { } all ? Range(all, from, to) : csv.Losses(from, to);

    public IEnumerable<double> GradNorms(int from, int to) => csv.GradNorms(from, to);

    private static IEnumerable<double> Range(IReadOnlyList<double> values, int from, int to)
    {
        for (int t = from; t < to; t++) yield return values[t];
    }

    public IEnumerable<(double Loss, DiagnosticsRow? Diagnostics)> Resume(int steps)
    {
        foreach (var step in csv.Resume(steps))
        {
            curve.Add(step.Loss);
            yield return step;
        }
    }
}
