using System.CommandLine;
using System.Text;
using System.Text.Json;
using OptimizerLab.Analysis;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Cli.Commands;

/// <summary>
/// The diagnosis of a loss curve from a file: a run's CSV written by the lab (with its diagnostics and sharpness), or a
/// training log from elsewhere (TensorBoard's CSV export, Lightning's CSVLogger, any table with a step and a loss column).
/// </summary>
internal sealed class ExplainCommand() : LabCommand(
    "explain", "The diagnosis of a recorded run or training log (the lab's CSV, TensorBoard's CSV export, Lightning's CSVLogger, any step/loss table)")
{
    private readonly Argument<string> _file = new("file")
    {
        Description = "A run's CSV (as run, sweep --save-runs and the default command write) or a training log, comma or tab separated",
    };

    private readonly Option<string?> _stepColumn = new("--step-column")
    {
        Description = $"The column of steps (default: the first of {string.Join(", ", TrainingLogReader.StepColumns)}; without one, the row index)",
    };

    private readonly Option<string?> _lossColumn = new("--loss-column")
    {
        Description = $"The column of the loss (default: the first of {string.Join(", ", TrainingLogReader.LossColumns)})",
    };

    private readonly Option<string?> _optimizer = new("--optimizer")
    {
        Description = $"The optimizer that produced the log, so the advice fits it: {string.Join(", ", Remedies.Known)}",
    };

    private readonly Option<double?> _plateauBelow = new Option<double?>("--plateau-below")
    {
        Description = "Plateau: a loss below this absolute value (default for the lab's CSV: 1e-9)",
    }.FiniteNumber(0, exclusive: true);

    private readonly Option<double?> _plateauFraction = new Option<double?>("--plateau-fraction")
    {
        Description = "Plateau: a loss below this fraction of the initial loss (default for other logs: below L0^0.1·m^0.9, 90% of the fall from the initial loss L0 to the minimum m in decades)",
    }.FiniteNumber(0, exclusive: true);

    private readonly Option<double?> _reboundFactor = new Option<double?>("--rebound-factor")
    {
        Description = "Rebound: a loss above this many times the running minimum after the plateau (default: 1000 for the lab's CSV; for other logs (L0/m)^0.25 within 10…1000)",
    }.FiniteNumber(1, exclusive: true);

    private readonly Option<double> _threshold = new Option<double>("--threshold")
    {
        Description = "Stability threshold of the sharpness column: (2+2·beta1)/(1−beta1), 38 for Adam's beta1 = 0.9",
        DefaultValueFactory = _ => MomentumForm.Ema(0.9).Threshold,
    }.FiniteNumber(0, exclusive: true);

    private readonly Option<string> _format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" }.OneOf("text", "json");

    protected override IEnumerable<Symbol> Symbols =>
        [_file, _stepColumn, _lossColumn, _optimizer, _plateauBelow, _plateauFraction, _reboundFactor, _threshold, _format];

    protected override int Execute(ParseResult result, CliContext context)
    {
        string path = result.GetValue(_file) ?? throw new UsageException("explain needs a CSV file.");
        double threshold = result.GetValue(_threshold);
        string? optimizer = result.GetValue(_optimizer);
        if (optimizer is not null && !Remedies.Known.Contains(optimizer.Trim().ToLowerInvariant()))
            throw new UsageException($"--optimizer '{optimizer}' is not one the lab knows: {string.Join(", ", Remedies.Known)}.");

        var log = InputFile.Read("explain", path, path, () => TrainingLogReader.Read(path, result.GetValue(_stepColumn), result.GetValue(_lossColumn)),
            text: "a run's CSV (as run and sweep --save-runs write) or a training log");
        bool lab = IsLabCsv(log);
        var options = Thresholds(result, lab, log);
        bool json = result.GetValue(_format) == "json";
        return lab ? ExplainRun(path, options, threshold, optimizer, json, context) : ExplainLog(path, log, options, optimizer, json, context);
    }

    /// <summary>A CSV the lab wrote: 'step' and 'loss' with steps 0, 1, 2, … and one or more of its diagnostics columns.</summary>
    internal static bool IsLabCsv(TrainingLog log) =>
        log.StepColumn == "step" && log.LossColumn == "loss" && log.HasDenseZeroBasedSteps &&
        RunCsv.DiagnosticsColumns.Any(c => log.Columns.Contains(c));

    /// <summary>The lab's absolute thresholds for its own CSV, thresholds relative to the curve for other logs; options override either.</summary>
    private CurveAnalysisOptions Thresholds(ParseResult result, bool lab, TrainingLog log)
    {
        double? below = result.GetValue(_plateauBelow), fraction = result.GetValue(_plateauFraction), factor = result.GetValue(_reboundFactor);
        if (below is not null && fraction is not null) throw new UsageException("--plateau-below and --plateau-fraction exclude each other: give one.");
        Positive(below, "--plateau-below");
        Positive(fraction, "--plateau-fraction");
        Positive(factor, "--rebound-factor");
        if (factor is <= 1) throw new UsageException($"--rebound-factor must be above 1; got {factor}.");
        bool bothGiven = (below ?? fraction) is not null && factor is not null;
        var options = lab || bothGiven ? new CurveAnalysisOptions() : LogDiagnosis.RelativeTo(log.Loss)
            ?? throw new UsageException(
                $"{log.Source}: line {log.Lines[0]}: the first loss is {log.Loss[0]}, so thresholds relative to the curve are undefined; give --plateau-below and --rebound-factor.");
        if (below is double b) options = options with { PlateauThreshold = b, PlateauFraction = null };
        if (fraction is double f) options = options with { PlateauFraction = f };
        if (factor is double k) options = options with { ReboundFactor = k };
        return options;
    }

    private static void Positive(double? value, string option)
    {
        if (value is double v && !(v > 0 && double.IsFinite(v))) throw new UsageException($"{option} must be a positive number; got {v}.");
    }

    private static int ExplainLog(string path, TrainingLog log, CurveAnalysisOptions options, string? optimizer, bool json, CliContext context)
    {
        var diagnosis = LogDiagnosis.Of(log, options, optimizer);
        if (json)
        {
            context.Out.WriteLine(Json(path, log.Loss.Length, diagnosis.Summary, ReboundPrediction.None, diagnosis.Verdict, diagnosis.Lines, writer =>
            {
                writer.WriteString("step_column", log.StepColumn);
                writer.WriteString("loss_column", log.LossColumn);
                writer.WriteString("unit", log.Unit);
                writer.WriteString("optimizer", optimizer);
                RunSummaryJson.Number(writer, "plateau_below", options.PlateauBelow(log.Loss[0]));
                writer.WriteNumber("rebound_factor", options.ReboundFactor);
            }));
        }
        else
        {
            context.Out.WriteLine($"{Path.GetFileName(path)} ({TextFormat.Int(log.Loss.Length)} logged values): {diagnosis.Verdict}");
            context.Out.WriteLine();
            foreach (string line in diagnosis.Lines) context.Out.WriteLine($"- {line}");
        }

        return diagnosis.Summary.DivergedStep is null ? ExitCodes.Success : ExitCodes.RunFailed;
    }

    private static int ExplainRun(string path, CurveAnalysisOptions options, double threshold, string? optimizer, bool json, CliContext context)
    {
        var records = RunCsv.Read(path);
        var summary = CurveAnalysis.Analyze(records.Loss, options);
        var prediction = Predict(records, summary, threshold);
        int steps = records.Loss.Length;
        // The lab records denominators only for the Adam family, so a file with them gets Adam's advice unless told otherwise.
        bool adamFamily = records.Diagnostics.Any(d => !double.IsNaN(d.DenomMedian));
        string? remedy = optimizer is null && adamFamily ? null : Remedies.For(optimizer);
        var lines = Explanation.Explain(records, summary, prediction, steps, remedy, options.ReboundFactor);
        string verdict = Verdict.For(summary, prediction, steps);

        if (json)
        {
            context.Out.WriteLine(Json(path, steps, summary, prediction, verdict, lines, _ => { }));
        }
        else
        {
            context.Out.WriteLine($"{Path.GetFileName(path)} ({TextFormat.Int(steps)} steps): {verdict}");
            context.Out.WriteLine();
            foreach (string line in lines) context.Out.WriteLine($"- {line}");
            if (!records.Sharpness.Any())
                context.Out.WriteLine("- (No sharpness column in this file: the stability view needs a run recorded with --sharpness-every.)");
        }

        return summary.DivergedStep is null ? ExitCodes.Success : ExitCodes.RunFailed;
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

    private static string Json(string path, int steps, CurveSummary summary, ReboundPrediction prediction, string verdict, IReadOnlyList<string> lines,
        Action<Utf8JsonWriter> extra) =>
        RunSummaryJson.Serialize(writer =>
        {
            writer.WriteString("command", "explain");
            writer.WriteString("file", path);
            writer.WriteNumber("steps", steps);
            extra(writer);
            RunSummaryJson.WriteSummary(writer, summary);
            RunSummaryJson.WritePrediction(writer, prediction);
            writer.WriteString("verdict", verdict);
            RunSummaryJson.WriteStrings(writer, "explanation", lines);
        });
}
