using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OptimizerLab.Cli.Reports;
using OptimizerLab.Lab;
using OptimizerLab.Plots;
using Spectre.Console;

namespace OptimizerLab.Cli.Commands;

/// <summary>A grid of runs on all cores, summarized per setting by medians over seeds, with a rebound-vs-lr chart.</summary>
internal sealed class SweepCommand() : LabCommand(
    "sweep", "A grid of runs (optimizers × option values × seeds) in parallel on all cores: rebound step and level per setting, median over seeds")
{
    /// <summary>The result files of a complete sweep (besides runs/*.csv with --save-runs).</summary>
    public static readonly string[] Outputs = ["sweep.csv", "sweep-runs.csv", "summary.json", "rebound-vs-lr.png", "rebound-vs-lr.svg", LabReport.FileName];

    /// <summary>The folder inside --out where finished runs are kept for --resume.</summary>
    public const string KeptRunsFolder = ".sweep";

    /// <summary>Where a sweep, and a merge of its shards, write unless --out says otherwise.</summary>
    public static readonly string DefaultOut = Path.Combine("lab-output", "sweep");

    private readonly CommonOptions _common = new(DefaultOut);
    private readonly ProblemOptions _problem = new(diagnosticsEvery: 100, sharpnessEvery: 50);
    private readonly OptimizerOptions _optimizer = new(lists: true);
    private readonly TrainingOptions _training = new();
    private readonly Option<string> _seeds = new("--seeds") { Description = "Seeds: a list and/or ranges, e.g. 0..9 or 1,2,5", DefaultValueFactory = _ => "0" };
    private readonly Option<int> _parallel = new Option<int>("--parallel") { Description = "Runs at a time, 0 to 1024 (0: one per core)", DefaultValueFactory = _ => 0 }
        .WholeNumber(0, 1024);
    private readonly Option<bool> _saveRuns = new("--save-runs") { Description = "Also write each run's CSV into runs/ in the output folder" };
    private readonly Option<bool> _resume = new("--resume")
    {
        Description = "Continue a sweep stopped by Ctrl-C (exit code 130) into the same --out folder: load the runs kept in its .sweep/ folder, run only the rest; " +
                      "the outputs equal an uninterrupted sweep's. Every run is kept there as soon as it finishes, under a hash of its whole spec, so a changed setting reruns. " +
                      "Without --resume a sweep starts afresh and deletes the runs kept there. A kept file that cannot be read is an error naming it",
    };

    private readonly Option<string> _shard = new("--shard")
    {
        Description = "Run only shard i of n of the grid (i/n, i from 0 to n−1; grid point g belongs to shard g mod n), or 'env': i from " +
                      SweepShard.IndexVariable + ", JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array). " +
                      "A shard keeps its runs and writes " + SweepShardManifest.FileName + " instead of the outputs; 'sweep merge' joins the shards' folders",
        HelpName = "i/n|env",
    };
    private readonly Option<int?> _shardCount = new Option<int?>("--shard-count")
    {
        Description = "With --shard env: the number of shards, 1 to 1000000 (else " + SweepShard.CountVariable + " or SLURM_ARRAY_TASK_COUNT)",
    }.WholeNumber(1, 1_000_000);
    protected override IEnumerable<Symbol> Symbols =>
        [.. _optimizer.Options, _seeds, .. _training.Options, .. _problem.Options, _parallel, _saveRuns, _resume, _shard, _shardCount, .. _common.Options];

    protected override IEnumerable<LabCommand> Subcommands => [new SweepMergeCommand()];

    protected override int Execute(ParseResult result, CliContext context)
    {
        var format = _common.GetFormat(result);
        var optimizers = _optimizer.Check(result);
        var axes = _optimizer.Settings(result)
            .Select(s => new SweepAxis(s.Key, OptimizerOptions.SweptValues(s.Key, s.Value, s.Key == "lr" ? "--lr" : $"option '{s.Key}'", optimizers)))
            .ToArray();
        var seeds = ArgumentParsing.Seeds(result.GetValue(_seeds) ?? "0");
        int parallel = result.GetValue(_parallel);
        var baseSpec = _training.Apply(result, _problem.BaseSpec(result));
        var points = _optimizer.Named(result, () => Sweep.Expand(baseSpec, optimizers, axes, seeds));
        foreach (var first in points.GroupBy(p => p.Setting).Select(g => g.First())) TrainingOptions.Check(first.Spec);
        ProblemOptions.Check(points[0].Spec);
        var grid = points;
        SweepShard? shard = Shard(result);
        if (shard is { } part) points = part.Select(grid);
        var folder = _common.PrepareFolder(result);
        var store = new SweepStore(folder.File(KeptRunsFolder));
        if (!result.GetValue(_resume))
        {
            int discarded = store.Clear();
            if (discarded > 0) context.Log($"Starting afresh: deleted {discarded} runs kept in {OutputFolder.Display(store.Folder)}/ by an earlier sweep (--resume reuses them)");
        }

        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(context.Cancel);
        // Held to the end: a Ctrl-C after the runs lets the final writes finish (they take about a second at most);
        // a second Ctrl-C ends the process at once, and each file is still whole (atomic writes).
        using var signal = context.CatchInterrupt ? InterruptSignal.Catch(interrupt) : null;
        // The previous sweep's results go before any run starts (Ctrl-C is caught by now, so this finishes): after an
        // interruption the folder holds the kept runs only, never old results beside them looking current.
        var stale = folder.Delete([.. Outputs, Path.Combine("runs", "*.csv")]);
        if (stale.Count > 0) context.Log($"Deleted the previous sweep's outputs in {OutputFolder.Display(folder.Path)}/ ({stale.Count} files); this sweep writes them again when it completes");
        var clock = Stopwatch.StartNew();
        int threads = parallel == 0 ? Environment.ProcessorCount : parallel;
        if (shard is not null) File.Delete(folder.File(SweepShardManifest.FileName)); // written again once this shard is done
        context.Log(shard is { } s
            ? $"Sweep shard {s}: {points.Count} of {grid.Count} runs on {threads} threads"
            : $"Sweep: {points.Count} runs ({points.Select(p => p.Setting).Distinct().Count()} settings × {seeds.Count} seeds) on {threads} threads");
        var outcome = RunWithProgress(points, store, parallel, context, interrupt.Token);
        if (outcome.Interrupted)
        {
            context.Error.WriteLine(F($"Interrupted: {outcome.Runs.Count} of {outcome.Total} runs finished and kept in {OutputFolder.Display(store.Folder)}/; run the same command with --resume to continue"));
            return ExitCodes.Interrupted;
        }

        var runs = outcome.Runs;
        context.Log(F($"Runs done in {clock.Elapsed.TotalSeconds:F2} s ({outcome.Ran} run now, {outcome.Reused} kept from before); writing {OutputFolder.Display(folder.Path)}/"));

        if (shard is { } done)
        {
            SweepShardManifest.Write(folder.Path, grid, done, result.GetValue(_saveRuns));
            context.Log($"Shard {done} done: {Int(runs.Count)} runs kept in {OutputFolder.Display(store.Folder)}/ and {OutputFolder.Display(folder.File(SweepShardManifest.FileName))}; " +
                        "join all shards with: sweep merge FOLDER…");
            return ExitCodes.Success;
        }

        return WriteOutputs(context, format, folder, runs, baseSpec.Steps, result.GetValue(_saveRuns));
    }

    /// <summary>--shard: null without it, else the shard from i/n or from the environment.</summary>
    private SweepShard? Shard(ParseResult result)
    {
        string? text = result.GetValue(_shard);
        int? count = result.GetValue(_shardCount);
        if (count is < 1) throw new UsageException($"--shard-count must be at least 1; it is {count}.");
        if (text is null) return count is null ? null : throw new UsageException("--shard-count needs --shard env.");
        try
        {
            return text == "env"
                ? SweepShard.FromEnvironment(Environment.GetEnvironmentVariable, count)
                : count is null ? SweepShard.Parse(text, "--shard") : throw new UsageException("--shard-count goes with --shard env; --shard i/n already gives n.");
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    /// <summary>The sweep's outputs from its runs in grid order: tables, summary, chart, optionally each run's CSV.</summary>
    /// <summary>Writes the outputs of a whole sweep (or of merged shards) and prints its table or JSON; returns the exit code.</summary>
    internal static int WriteOutputs(CliContext context, OutputFormat format, OutputFolder folder, IReadOnlyList<SweepRun> runs, int steps, bool saveRuns)
    {
        var cells = Sweep.Summarize(runs);
        string json = Json(runs, cells);
        var writes = new List<Action>
        {
            () => folder.WriteText("sweep.csv", CellsCsv(cells)),
            () => folder.WriteText("sweep-runs.csv", RunsCsv(runs)),
            () => folder.WriteText("summary.json", json + "\n"),
            () => ReboundChart.Save(ChartSeries(cells), steps, "Rebound step vs learning rate", [folder.File("rebound-vs-lr.png"), folder.File("rebound-vs-lr.svg")]),
        };
        if (saveRuns)
        {
            Directory.CreateDirectory(folder.File("runs"));
            writes.AddRange(runs.Select(r => (Action)(() => RunCsv.Write(Path.Combine(folder.File("runs"), OutputFolder.SafeName(r.Result.Spec.Label) + ".csv"), r.Result.Records))));
        }

        Parallel.Invoke(writes.ToArray());
        LabReport.Write(folder, "OptimizerLab: sweep",
            F($"{runs.Count} runs: {cells.Count} settings × {runs.Count / Math.Max(1, cells.Count)} seeds, {steps} steps each. Per setting, median over seeds (a run without rebound counts as later than any)."),
            [], [CellRows(cells)], [], [], [("rebound-vs-lr.png", "Median rebound step against learning rate, one line per setting; hollow markers: no rebound within the run")]);

        if (format == OutputFormat.Json) context.Out.WriteLine(json);
        else PrintTable(context, cells);
        context.Log($"Wrote {string.Join(", ", Outputs.Select(f => OutputFolder.Display(folder.File(f))))}");

        var failed = runs.Where(r => r.Result.Failure is not null).ToArray();
        if (failed.Length == 0) return ExitCodes.Success;
        context.Error.WriteLine($"error: {failed.Length} of {runs.Count} runs failed; first: '{failed[0].Result.Spec.Label}': {failed[0].Result.Failure}");
        return ExitCodes.RunFailed;
    }

    private static SweepOutcome RunWithProgress(IReadOnlyList<SweepPoint> points, SweepStore store, int parallel, CliContext context, CancellationToken cancel)
    {
        if (context.Terminal.ErrorIsTerminal)
        {
            SweepOutcome? outcome = null;
            context.ErrorConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask(F($"sweep ({points.Count} runs)"), maxValue: points.Count);
                    outcome = Sweep.Run(points, store, parallel, p => task.Value = p.Done, cancel);
                });
            return outcome!;
        }

        // Not a terminal: plain lines, one per run for small sweeps, else about one per 2% so a log stays readable.
        int every = Math.Max(1, points.Count / 50);
        return Sweep.Run(points, store, parallel, p =>
        {
            if (p.Done % every == 0 || p.Done == p.Total)
                context.Log(F($"[{p.Done}/{p.Total}] {p.Latest.Result.Spec.Label}: {Verdict.For(p.Latest.Result)}"));
        }, cancel);
    }

    private static void PrintTable(CliContext context, IReadOnlyList<SweepCell> cells)
    {
        var rows = CellRows(cells);
        var table = new Table();
        foreach (string column in rows.Headers) table.AddColumn(new TableColumn(Markup.Escape(column)));
        foreach (var row in rows.Rows) table.AddRow(row.Select(Markup.Escape).ToArray());

        context.Out.WriteLine("Per setting, median over seeds (a run without rebound counts as later than any):");
        context.WriteTable(table);
        context.Out.Flush();
    }

    /// <summary>The grid's table, as printed and as the report shows it.</summary>
    private static ReportTable CellRows(IReadOnlyList<SweepCell> cells) => new(
        "The grid: one row per setting",
        ["setting", "runs", "rebounded", "rebound step", "level after", "predicted", "plateau", "failed"],
        cells.Select(cell => (IReadOnlyList<string>)
        [
            cell.Setting,
            Int(cell.Runs),
            Int(cell.Rebounded),
            cell.MedianReboundStep is double r ? Number(r) : "none",
            Short(cell.MedianLevel),
            cell.MedianPredictedStep is double p ? Number(p) : "–",
            cell.MedianPlateauStep is double s ? Number(s) : "–",
            Int(cell.Failed),
        ]).ToArray());

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static IReadOnlyList<ReboundSeries> ChartSeries(IReadOnlyList<SweepCell> cells) =>
        cells.GroupBy(c => WithoutLr(c.Setting), StringComparer.Ordinal)
            .Select(g => new ReboundSeries(g.Key, g.Select(c => (c.Lr, c.MedianReboundStep)).ToArray()))
            .ToArray();

    private static string WithoutLr(string setting) =>
        string.Join(" ", setting.Split(' ').Where(token => !token.StartsWith("lr=", StringComparison.Ordinal)));

    private static string CellsCsv(IReadOnlyList<SweepCell> cells)
    {
        var text = new StringBuilder("setting,optimizer,lr,runs,rebounded,failed,median_rebound_step,median_level_after_rebound,median_predicted_step,median_plateau_step\n");
        foreach (var c in cells)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{Quote(c.Setting)},{c.Optimizer},{RunCsv.Format(c.Lr)},{c.Runs},{c.Rebounded},{c.Failed},{Optional(c.MedianReboundStep)},{Optional(c.MedianLevel)},{Optional(c.MedianPredictedStep)},{Optional(c.MedianPlateauStep)}\n");
        }

        return text.ToString();
    }

    private static string RunsCsv(IReadOnlyList<SweepRun> runs)
    {
        var text = new StringBuilder("setting,seed,plateau_step,min_loss,rebound_step,level_after_rebound,predicted_step,final_loss,failure\n");
        foreach (var run in runs)
        {
            var r = run.Result;
            text.Append(CultureInfo.InvariantCulture,
                $"{Quote(run.Point.Setting)},{r.Spec.Seed},{Optional(r.Summary.PlateauStep)},{RunCsv.Format(r.Summary.MinLoss)},{Optional(r.Summary.ReboundStep)},{Optional(r.Summary.LevelAfterRebound)},{Optional(r.Prediction.PredictedStep)},{RunCsv.Format(r.Summary.FinalLoss)},{Quote(r.Failure ?? "")}\n");
        }

        return text.ToString();
    }

    private static string Optional(double? value) => value is double v ? RunCsv.Format(v) : "";

    private static string Optional(int? value) => value is int v ? Int(v) : "";

    private static string Quote(string text) =>
        text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal) ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;

    private static string Json(IReadOnlyList<SweepRun> runs, IReadOnlyList<SweepCell> cells) =>
        RunSummaryJson.Serialize(writer =>
        {
            writer.WriteString("command", "sweep");
            RunSummaryJson.WriteObjects(writer, "settings", cells, (w, c) =>
            {
                w.WriteString("setting", c.Setting);
                w.WriteString("optimizer", c.Optimizer);
                w.WriteNumber("lr", c.Lr);
                w.WriteNumber("runs", c.Runs);
                w.WriteNumber("rebounded", c.Rebounded);
                w.WriteNumber("failed", c.Failed);
                RunSummaryJson.Number(w, "median_rebound_step", c.MedianReboundStep);
                RunSummaryJson.Number(w, "median_level_after_rebound", c.MedianLevel);
                RunSummaryJson.Number(w, "median_predicted_step", c.MedianPredictedStep);
                RunSummaryJson.Number(w, "median_plateau_step", c.MedianPlateauStep);
            });
            RunSummaryJson.WriteObjects(writer, "runs", runs, (w, run) =>
            {
                w.WriteString("setting", run.Point.Setting);
                RunSummaryJson.WriteRunProperties(w, run.Result);
                w.WriteString("verdict", Verdict.For(run.Result));
            });
        });
}
