using OptimizerLab.Cli.Reports;
using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OptimizerLab.Lab;
using Spectre.Console;

namespace OptimizerLab.Cli.Commands;

/// <summary>
/// The default command: runs the seed question and its six variations in parallel, prints the question's table, a
/// table of all runs with one verdict each and the explanation; writes one CSV per run, summary.json and the chart.
/// </summary>
internal sealed class ReproduceCommand() : LabCommand(
    "reproduce", "Reproduce the seed question (Adam's loss rebound after a near-zero plateau) seven ways and explain it")
{
    private readonly CommonOptions _common = new("lab-output");
    private readonly Option<string> _seed = new("--seed") { Description = "Seed of the data and initial weights", DefaultValueFactory = _ => "0" };

    protected override IEnumerable<Symbol> Symbols => [.. _common.Options, _seed];

    protected override int Execute(ParseResult result, CliContext context)
    {
        ulong seed = ArgumentParsing.Seed(result.GetValue(_seed) ?? "0");
        var format = _common.GetFormat(result);
        var folder = _common.PrepareFolder(result);
        var seedRuns = SeedQuestion.Runs(seed);

        var clock = Stopwatch.StartNew();
        context.Log($"Running the seed question {seedRuns.Count} ways on {Environment.ProcessorCount} cores…");
        var points = seedRuns.Select(s => new SweepPoint(s.Spec.Label, s.Spec)).ToArray();
        // The long run keeps one core busy to the end; the chart's one-time start-up cost fits on the other.
        var warmUp = Task.Run(ChartFiles.WarmUp);
        var runs = Sweep.Run(points, progress: Timing ? p => context.Log(F($"timing: {p.Latest.Result.Spec.Label} done at {clock.Elapsed.TotalSeconds:F2} s")) : null)
            .Select(r => r.Result).ToArray();
        context.Log(F($"Runs done in {clock.Elapsed.TotalSeconds:F2} s (process CPU {Cpu():F2} s); writing {OutputFolder.Display(folder.Path)}/"));

        warmUp.Wait();
        // Sweep.Run returns the runs in the order of the points.
        var conclusions = ReproduceReport.Conclusions(seedRuns.Select((s, i) => (s.Variation, runs[i])).ToDictionary());
        string json = Json(runs, conclusions);
        var files = new List<string>();
        var writes = runs.Select(r => Timed(context, $"{r.Spec.Label}.csv", () => RunCsv.Write(folder.File(OutputFolder.SafeName(r.Spec.Label) + ".csv"), r.Records))).ToList();
        writes.Add(Timed(context, "summary.json", () => folder.WriteText("summary.json", json + "\n")));
        writes.Add(Timed(context, "chart", () => ChartFiles.SaveLoss(folder, "reproduce", runs, "Seed question: loss vs step (solid: rebound, dashed: predicted)")));
        Parallel.Invoke(writes.ToArray());
        files.AddRange(runs.Select(r => folder.File(OutputFolder.SafeName(r.Spec.Label) + ".csv")));
        files.AddRange([folder.File("summary.json"), folder.File("reproduce.png"), folder.File("reproduce.svg")]);
        files.Add(LabReport.Write(folder, "OptimizerLab: the seed question",
            F($"The seed question: {SeedQuestion.Description} (data seed {runs[0].Spec.Seed}), and six variations of it."),
            QuestionTable.Lines(runs[0].Records.Loss), [RunRows(seedRuns, runs)], runs, conclusions,
            [("reproduce.png", "Loss against step for the seven runs, rebounds solid, predicted rebounds dashed; the longer lr=1e-5 run in its own panel")]));

        if (format == OutputFormat.Json) context.Out.WriteLine(json);
        else PrintText(context, seedRuns, runs, conclusions);
        context.Log($"Wrote {string.Join(", ", files.Select(OutputFolder.Display))}");
        context.Log(F($"Done in {clock.Elapsed.TotalSeconds:F2} s (process CPU {Cpu():F2} s)."));

        var failed = runs.FirstOrDefault(r => r.Failure is not null);
        if (failed is null) return ExitCodes.Success;
        context.Error.WriteLine($"error: run '{failed.Spec.Label}' failed: {failed.Failure}");
        return ExitCodes.RunFailed;
    }

    /// <summary>OPTIMIZERLAB_TIMING=1 logs when each run and each file is done (for the benchmark).</summary>
    private static bool Timing => Environment.GetEnvironmentVariable("OPTIMIZERLAB_TIMING") == "1";

    private static Action Timed(CliContext context, string what, Action action) => !Timing ? action : () =>
    {
        var clock = Stopwatch.StartNew();
        action();
        context.Log(F($"timing: {what} took {clock.Elapsed.TotalSeconds:F3} s"));
    };

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static void PrintText(CliContext context, IReadOnlyList<SeedRun> seedRuns, IReadOnlyList<RunResult> runs, IReadOnlyList<string> conclusions)
    {
        var output = context.Out;
        var question = runs[0];
        output.WriteLine(F($"The seed question: {SeedQuestion.Description} (data seed {question.Spec.Seed}). (step, loss):"));
        output.WriteLine();
        foreach (string line in QuestionTable.Lines(question.Records.Loss)) output.WriteLine(line);
        output.WriteLine();
        output.WriteLine(F($"The same experiment {runs.Count} ways:"));
        output.Flush();

        var rows = RunRows(seedRuns, runs);
        var table = new Table();
        foreach (string column in rows.Headers) table.AddColumn(new TableColumn(Markup.Escape(column)));
        foreach (var row in rows.Rows) table.AddRow(row.Select(Markup.Escape).ToArray());

        context.WriteTable(table);
        output.WriteLine();
        int width = runs.Max(r => r.Spec.Label.Length);
        foreach (var run in runs) output.WriteLine($"{run.Spec.Label.PadRight(width)}  {Verdict.For(run)}");
        output.WriteLine();
        output.WriteLine("Why:");
        foreach (string line in conclusions) output.WriteLine($"- {line}");
        output.Flush();
    }

    /// <summary>The table of the seven runs, as printed and as the report shows it.</summary>
    internal static ReportTable RunRows(IReadOnlyList<SeedRun> seedRuns, IReadOnlyList<RunResult> runs) => new(
        F($"The same experiment {runs.Count} ways"),
        ["run", "what changes", "loss[0]", "loss[300]", "last loss", "plateau", "rebound", "level after", "predicted"],
        runs.Select((run, i) =>
        {
            var loss = run.Records.Loss;
            return (IReadOnlyList<string>)
            [
                run.Spec.Label,
                seedRuns[i].Change,
                Short(loss[0]),
                loss.Length > 300 ? Short(loss[300]) : "–",
                F($"{Short(loss[^1])} @ {loss.Length - 1}"),
                Step(run.Summary.PlateauStep),
                run.Summary.ReboundStep is int r ? Int(r) : "none",
                Short(run.Summary.LevelAfterRebound),
                run.Summary.PlateauStep is null ? "–" : run.Prediction.PredictedStep is int p ? Int(p) : run.Prediction.Threshold is null ? "–" : "none",
            ];
        }).ToArray());

    private static string Json(IReadOnlyList<RunResult> runs, IReadOnlyList<string> conclusions) =>
        RunSummaryJson.Serialize(writer =>
        {
            writer.WriteString("command", "reproduce");
            writer.WriteString("question", SeedQuestion.Description);
            RunSummaryJson.WriteObjects(writer, "runs", runs, (w, run) =>
            {
                RunSummaryJson.WriteRunProperties(w, run);
                w.WriteString("verdict", Verdict.For(run));
                w.WriteString("csv", OutputFolder.SafeName(run.Spec.Label) + ".csv");
            });
            RunSummaryJson.WriteStrings(writer, "conclusions", conclusions);
        });
}
