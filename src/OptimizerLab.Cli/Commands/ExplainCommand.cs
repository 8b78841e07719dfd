using System.CommandLine;
using System.Text;
using System.Text.Json;
using OptimizerLab.Analysis;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli.Commands;

/// <summary>The diagnosis of a recorded run, from its CSV (step, loss and optionally the diagnostics columns).</summary>
internal sealed class ExplainCommand
{
    public const string Summary = "The diagnosis of a recorded run from its CSV (columns step, loss, and the diagnostics if recorded)";

    private readonly Argument<string> _file = new("file") { Description = "A run's CSV, as run, sweep --save-runs and the default command write" };
    private readonly Option<double> _threshold = new Option<double>("--threshold")
    {
        Description = "Stability threshold of the sharpness column: (2+2·beta1)/(1−beta1), 38 for Adam's beta1 = 0.9",
        DefaultValueFactory = _ => Preconditioning.EmaThreshold(0.9),
    }.FiniteNumber(0, exclusive: true);

    private readonly Option<string> _format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" }.OneOf("text", "json");

    public void Configure(Command command, CliContext context)
    {
        command.Add(_file);
        command.Add(_threshold);
        command.Add(_format);
        command.SetAction(result => Execute(result, context));
    }

    private int Execute(ParseResult result, CliContext context)
    {
        string path = result.GetValue(_file) ?? throw new UsageException("explain needs a CSV file.");
        double threshold = result.GetValue(_threshold);
        var records = InputFile.Read("explain", path, path, () => RunCsv.Read(path), text: "a run's CSV (as run and sweep --save-runs write)");
        var summary = CurveAnalysis.Analyze(records.Loss);
        var prediction = Predict(records, summary, threshold);
        int steps = records.Loss.Length;
        var lines = Explanation.Explain(records, summary, prediction, steps);
        string verdict = Verdict.For(summary, prediction, steps);

        if (result.GetValue(_format) == "json")
        {
            context.Out.WriteLine(Json(path, steps, summary, prediction, verdict, lines));
        }
        else
        {
            context.Out.WriteLine($"{Path.GetFileName(path)} ({TextFormat.Int(steps)} steps): {verdict}");
            context.Out.WriteLine();
            foreach (string line in lines) context.Out.WriteLine($"- {line}");
            if (!records.Sharpness.Any())
                context.Out.WriteLine("- (No sharpness column in this file: the stability view needs a run recorded with --sharpness-every.)");
        }

        return ExitCodes.Success;
    }

    /// <summary>What the sharpness column says: its value at the plateau and where it first reached the threshold after it.</summary>
    private static ReboundPrediction Predict(RunRecords records, CurveSummary summary, double threshold)
    {
        var sharpness = records.Sharpness.ToArray();
        if (sharpness.Length == 0) return ReboundPrediction.None;
        double? atPlateau = null;
        int? crossing = null;
        if (summary.PlateauStep is int plateau)
        {
            foreach (var (step, value) in sharpness)
            {
                if (step < plateau) continue;
                atPlateau ??= value;
                if (value >= threshold)
                {
                    crossing = step;
                    break;
                }
            }
        }

        return new ReboundPrediction(threshold, null, atPlateau, crossing, null, null);
    }

    private static string Json(string path, int steps, CurveSummary summary, ReboundPrediction prediction, string verdict, IReadOnlyList<string> lines)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RunSummaryJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("format", RunSummaryJson.FormatName);
            writer.WriteNumber("version", RunSummaryJson.Version);
            writer.WriteString("command", "explain");
            writer.WriteString("file", path);
            writer.WriteNumber("steps", steps);
            RunSummaryJson.WriteSummary(writer, summary);
            RunSummaryJson.WritePrediction(writer, prediction);
            writer.WriteString("verdict", verdict);
            writer.WriteStartArray("explanation");
            foreach (string line in lines) writer.WriteStringValue(line);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
