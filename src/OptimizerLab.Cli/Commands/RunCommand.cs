using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OptimizerLab.Analysis;
using OptimizerLab.Cli.Reports;
using OptimizerLab.Lab;
using Spectre.Console;

namespace OptimizerLab.Cli.Commands;

/// <summary>One run with any optimizer and settings, on the seed problem or the user's own data.</summary>
internal sealed class RunCommand() : LabCommand(
    "run", "One run with any optimizer, hyper-parameters, problem, precision, steps and seed, or on your own data (--x, --y)")
{
    private readonly CommonOptions _common = new(Path.Combine("lab-output", "run"));
    private readonly ProblemOptions _problem = new(diagnosticsEvery: 10, sharpnessEvery: 50);
    private readonly OptimizerOptions _optimizer = new(lists: false);
    private readonly Option<string> _seed = new("--seed") { Description = "Seed of the data and initial weights", DefaultValueFactory = _ => "0" };
    private readonly Option<string> _label = new("--label") { Description = "Name of the run (file names, legends)", DefaultValueFactory = _ => "run" };
    private readonly UserDataOptions _data = new();
    private readonly TrainingOptions _training = new();
    private readonly Option<bool> _resume = new("--resume")
    {
        Description = "Continue a run stopped by Ctrl-C (exit code 130) from the checkpoint it left in the same --out folder (" + CheckpointFile + "); " +
                      "the CSV and summary equal an uninterrupted run's, byte for byte. The other options must be the same as the stopped run's",
    };

    /// <summary>The file in --out where an interrupted run keeps its state for --resume; deleted when a run completes.</summary>
    public const string CheckpointFile = "checkpoint.json";

    protected override IEnumerable<Symbol> Symbols =>
        [.. _optimizer.Options, .. _training.Options, .. _problem.Options, _seed, _label, _resume, .. _data.Options, .. _common.Options];

    protected override int Execute(ParseResult result, CliContext context)
    {
        var format = _common.GetFormat(result);
        string label = result.GetValue(_label) ?? "run";
        string optimizer = _optimizer.Check(result)[0];
        var spec = _problem.BaseSpec(result, _data.GivenOption(result)) with
        {
            Label = label,
            Optimizer = optimizer,
            Options = _optimizer.Parse(result, optimizer),
            Seed = ArgumentParsing.Seed(result.GetValue(_seed) ?? "0"),
        };
        spec = _training.Apply(result, spec);
        _optimizer.Named(result, spec.Validate);
        TrainingOptions.Check(spec);
        var userData = _data.Load(result, spec);
        if (userData is not null) spec = spec with { Problem = userData.Spec };
        else ProblemOptions.Check(spec);
        spec.Validate();
        var folder = _common.PrepareFolder(result);

        string checkpointPath = folder.File(CheckpointFile);
        JsonNode? checkpoint = result.GetValue(_resume) ? ReadCheckpoint(checkpointPath) : null;
        if (checkpoint is null) File.Delete(checkpointPath); // a fresh run: a checkpoint left by an earlier one is stale

        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(context.Cancel);
        // Held to the end: a Ctrl-C during the final writes lets them finish; a second one ends the process at once.
        using var signal = context.CatchInterrupt ? InterruptSignal.Catch(interrupt) : null;
        var clock = Stopwatch.StartNew();
        context.Log(checkpoint is null ? $"Running {spec.Describe()}" : $"Resuming at step {Int(checkpoint["step"]?.GetValue<int>() ?? 0)}: {spec.Describe()}");
        string name = OutputFolder.SafeName(label);
        string csv = folder.File(name + ".csv");
        // The rows go to the CSV as they come (to a temporary file, renamed over the CSV once the run ends or stops), so
        // memory does not grow with the steps; a resumed run first copies the rows before its checkpoint from the CSV.
        using var csvStream = RunCsvStream.Create(csv);
        var records = new RunOutputStream(csvStream, new LossCurveKeeper(spec.Steps));
        var outcome = RunWithProgress(spec, userData, checkpoint, checkpointPath, records, context, interrupt.Token);
        var run = outcome.Result;
        context.Log(F($"Run {(outcome.Interrupted ? "stopped" : "done")} in {clock.Elapsed.TotalSeconds:F2} s; writing {OutputFolder.Display(folder.Path)}/"));

        string json = Json(run, outcome.Interrupted ? outcome.StepsDone : null);
        var question = QuestionTable.Lines(outcome.StepsDone, records.Curve.At);
        Parallel.Invoke(
            csvStream.Commit,
            () => folder.WriteText("summary.json", json + "\n"),
            () => ChartFiles.SaveLoss(folder, name, [run], $"{label}: loss vs step", records.Curve.Series));
        string report = LabReport.Write(folder, $"OptimizerLab: {label}", $"{label}: {spec.Describe()}", question, [],
            [run], run.Explain(), [(name + ".png", $"Loss against step of {label}")]);
        if (outcome.Checkpoint is { } state)
        {
            folder.WriteText(CheckpointFile, state.ToJsonString() + "\n");
            context.Error.WriteLine($"Interrupted at step {Int(outcome.StepsDone)} of {Int(spec.Steps)}: wrote {string.Join(", ", new[] { csv, folder.File("summary.json"), checkpointPath }.Select(OutputFolder.Display))}; run the same command with --resume to continue");
            return ExitCodes.Interrupted;
        }

        File.Delete(checkpointPath);

        if (format == OutputFormat.Json)
        {
            context.Out.WriteLine(json);
        }
        else
        {
            context.Out.WriteLine($"{label}: {spec.Describe()}");
            context.Out.WriteLine();
            foreach (string line in question) context.Out.WriteLine(line);
            context.Out.WriteLine();
            context.Out.WriteLine($"{label}: {Verdict.For(run)}");
            context.Out.WriteLine();
            foreach (string line in run.Explain()) context.Out.WriteLine($"- {line}");
        }

        context.Log($"Wrote {string.Join(", ", new[] { csv, folder.File("summary.json"), folder.File(name + ".png"), folder.File(name + ".svg"), report }.Select(OutputFolder.Display))}");
        if (run.Failure is null) return ExitCodes.Success;
        context.Error.WriteLine($"error: run '{label}' failed: {run.Failure}");
        return ExitCodes.RunFailed;
    }

    /// <summary>
    /// Runs (or resumes) the spec; on a terminal a progress bar, otherwise a plain line "[step k/N] p%" about every two
    /// seconds once the run has taken a second, so short runs print nothing.
    /// </summary>
    private static RunOutcome RunWithProgress(RunSpec spec, UserData? userData, JsonNode? checkpoint, string checkpointPath, IRunRecordStream records, CliContext context, CancellationToken cancel)
    {
        RunOutcome Go(Action<int> progress)
        {
            var control = new RunControl(checkpoint, progress, ProgressEvery: 256, cancel, records);
            try
            {
                return userData is null ? ResumableRun.Run(spec, control) : userData.Run(spec, control);
            }
            catch (InvalidDataException e) when (checkpoint is not null)
            {
                throw new UsageException($"--resume: the checkpoint {OutputFolder.Display(checkpointPath)} does not fit this run: {e.Message}", e);
            }
        }

        if (context.Terminal.ErrorIsTerminal)
        {
            RunOutcome? outcome = null;
            context.ErrorConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask(F($"run ({spec.Steps:N0} steps)"), maxValue: spec.Steps);
                    outcome = Go(done => task.Value = done);
                });
            return outcome!;
        }

        var clock = Stopwatch.StartNew();
        double interval = ProgressSeconds();
        double nextLine = interval;
        return Go(done =>
        {
            double elapsed = clock.Elapsed.TotalSeconds;
            if (elapsed < nextLine || done == spec.Steps) return;
            nextLine = elapsed + 2 * interval;
            context.Log(F($"[step {Int(done)}/{Int(spec.Steps)}] {100.0 * done / spec.Steps:F1}%, {elapsed:F0} s"));
        });
    }

    /// <summary>
    /// Seconds before the first plain progress line (then twice that between lines): 1, or the value of the environment
    /// variable OPTIMIZERLAB_PROGRESS_SECONDS (0: a line every 256 steps, which tests use to learn that a run is mid-way).
    /// </summary>
    private static double ProgressSeconds() =>
        double.TryParse(Environment.GetEnvironmentVariable("OPTIMIZERLAB_PROGRESS_SECONDS"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds >= 0 ? seconds : 1.0;

    private static JsonNode ReadCheckpoint(string path)
    {
        if (!File.Exists(path))
            throw new UsageException($"--resume: there is no checkpoint {OutputFolder.Display(path)}; a run stopped by Ctrl-C leaves one in its --out folder.");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) ?? throw new UsageException($"--resume: the checkpoint {OutputFolder.Display(path)} is empty.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"--resume: the checkpoint {OutputFolder.Display(path)} is not valid JSON ({e.Message}); delete it to start afresh.", e);
        }
    }

    private static string Json(RunResult run, int? interruptedAtStep) =>
        RunSummaryJson.Serialize([run], (writer, r) =>
        {
            writer.WriteString("verdict", Verdict.For(r));
            writer.WriteString("csv", OutputFolder.SafeName(r.Spec.Label) + ".csv");
            if (interruptedAtStep is int step) writer.WriteNumber("interrupted_at_step", step);
        });
}
