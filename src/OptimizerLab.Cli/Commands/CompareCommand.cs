using System.CommandLine;
using OptimizerLab.Analysis;
using OptimizerLab.Cli.Reports;
using OptimizerLab.Lab;
using OptimizerLab.Plots;
using Spectre.Console;

namespace OptimizerLab.Cli.Commands;

/// <summary>
/// Two recorded runs side by side: their events (plateau, minimum, rebound, level after it, divergence), where the curves
/// first differ and by how much, one chart overlaying both, and a report page. Either file may be the lab's CSV or a
/// training log that <c>explain</c> reads.
/// </summary>
internal sealed class CompareCommand() : LabCommand(
    "compare", "Two recorded runs or training logs side by side: their events, where they first differ, one chart and a report page")
{
    private readonly Argument<string[]> _files = new("files")
    {
        Description = "Two files: runs' CSVs (as run, sweep --save-runs and the default command write) or training logs",
        Arity = new ArgumentArity(2, 2),
    };

    private readonly CommonOptions _common = new("lab-output/compare");

    protected override IEnumerable<Symbol> Symbols => [_files, .. _common.Options];

    private sealed record Curve(string Label, TrainingLog Log, CurveSummary Summary);

    protected override int Execute(ParseResult result, CliContext context)
    {
        string[] paths = result.GetValue(_files) ?? [];
        if (paths.Length != 2) throw new UsageException($"compare takes two files; got {paths.Length}.");
        var curves = paths.Select(Read).ToArray();
        if (curves[0].Label == curves[1].Label) curves = [curves[0] with { Label = paths[0] }, curves[1] with { Label = paths[1] }];
        var lines = Differences(curves[0], curves[1]);

        var folder = _common.PrepareFolder(result);
        var series = curves.Select(c => new LossSeries(c.Label, c.Log.Loss, c.Summary.ReboundStep, Steps: c.Log.HasDenseZeroBasedSteps ? null : c.Log.Steps)).ToArray();
        string[] charts = [folder.File("compare.png"), folder.File("compare.svg")];
        Parallel.ForEach(charts, path => LossChart.Save(series, $"{curves[0].Label} vs {curves[1].Label}: loss vs step", [path]));
        var table = Table(curves);
        LabReport.Write(folder, $"OptimizerLab: {curves[0].Label} vs {curves[1].Label}", $"Two recorded runs compared: {paths[0]} and {paths[1]}.", [],
            [table], [], lines, [("compare.png", $"The loss of {curves[0].Label} and {curves[1].Label} against step")]);

        if (_common.GetFormat(result) == OutputFormat.Json)
        {
            context.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
            {
                files = paths,
                rows = table.Rows,
                differences = lines,
            }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            var text = new Table();
            foreach (string column in table.Headers) text.AddColumn(new TableColumn(Markup.Escape(column)));
            foreach (var row in table.Rows) text.AddRow(row.Select(Markup.Escape).ToArray());
            context.WriteTable(text);
            context.Out.WriteLine();
            foreach (string line in lines) context.Out.WriteLine($"- {line}");
        }

        context.Log($"Wrote {string.Join(", ", charts.Append(folder.File(LabReport.FileName)).Select(OutputFolder.Display))}");
        return ExitCodes.Success;
    }

    /// <summary>A file read as explain reads it; the lab's own CSV keeps the lab's thresholds, other logs get thresholds relative to their curve.</summary>
    private static Curve Read(string path)
    {
        var log = InputFile.Read("compare", path, path, () => TrainingLogReader.Read(path),
            text: "a run's CSV (as run and sweep --save-runs write) or a training log");
        var options = ExplainCommand.IsLabCsv(log) ? new CurveAnalysisOptions() : LogDiagnosis.RelativeTo(log.Loss) ?? new CurveAnalysisOptions();
        return new Curve(Path.GetFileNameWithoutExtension(path), log, log.AtLoggedSteps(CurveAnalysis.Analyze(log.Loss, options)));
    }

    private static ReportTable Table(IReadOnlyList<Curve> curves) => new(
        "The two curves",
        ["run", "values", "loss[0]", "plateau", "minimum", "rebound", "level after", "final loss", "diverged"],
        curves.Select(c => (IReadOnlyList<string>)
        [
            c.Label, Int(c.Log.Loss.Length), Short(c.Summary.InitialLoss), Step(c.Summary.PlateauStep),
            $"{Short(c.Summary.MinLoss)} @ {Int(c.Summary.MinStep)}", Step(c.Summary.ReboundStep),
            c.Summary.LevelAfterRebound is double level ? Short(level) : "–", Short(c.Summary.FinalLoss), Step(c.Summary.DivergedStep),
        ]).ToArray());

    /// <summary>The first logged step both curves share where their values differ, then each event that moved.</summary>
    private static List<string> Differences(Curve a, Curve b)
    {
        var lines = new List<string>();
        var atB = new Dictionary<int, double>();
        for (int i = 0; i < b.Log.Steps.Length; i++) atB[b.Log.Steps[i]] = b.Log.Loss[i];
        int shared = 0;
        int? firstStep = null;
        double first = 0, second = 0;
        for (int i = 0; i < a.Log.Steps.Length; i++)
        {
            if (!atB.TryGetValue(a.Log.Steps[i], out double other)) continue;
            shared++;
            if (firstStep is null && !a.Log.Loss[i].Equals(other)) (firstStep, first, second) = (a.Log.Steps[i], a.Log.Loss[i], other);
        }

        if (shared == 0) lines.Add($"The two curves share no logged step, so they cannot be compared value by value.");
        else if (firstStep is int step)
        {
            double relative = Math.Abs(first - second) / Math.Max(Math.Abs(first), Math.Abs(second));
            lines.Add($"They first differ at step {Int(step)}: {RunCsv.Format(first)} in {a.Label}, {RunCsv.Format(second)} in {b.Label} (relative difference {Short(relative)}), of {Int(shared)} steps both logged.");
        }
        else lines.Add($"They are identical at all {Int(shared)} steps both logged.");

        Event(lines, "The plateau", a.Summary.PlateauStep, b.Summary.PlateauStep, a, b);
        Event(lines, "The rebound", a.Summary.ReboundStep, b.Summary.ReboundStep, a, b);
        Event(lines, "The divergence", a.Summary.DivergedStep, b.Summary.DivergedStep, a, b);
        if (a.Summary.FinalLoss > 0 && b.Summary.FinalLoss > 0 && a.Summary.FinalLoss != b.Summary.FinalLoss)
            lines.Add($"The final loss is {Short(b.Summary.FinalLoss / a.Summary.FinalLoss)}× in {b.Label} what it is in {a.Label} ({Short(a.Summary.FinalLoss)} → {Short(b.Summary.FinalLoss)}).");
        return lines;
    }

    private static void Event(List<string> lines, string name, int? inA, int? inB, Curve a, Curve b)
    {
        if (inA == inB) return;
        lines.Add((inA, inB) switch
        {
            (int x, int y) => $"{name} moved from step {Int(x)} in {a.Label} to step {Int(y)} in {b.Label} ({(y > x ? "+" : "")}{Int(y - x)} steps).",
            (int x, null) => $"{name} at step {Int(x)} in {a.Label} is gone in {b.Label}.",
            (null, int y) => $"{name} appears in {b.Label} at step {Int(y)}; {a.Label} has none.",
            _ => "",
        });
    }
}
