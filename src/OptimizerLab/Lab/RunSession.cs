using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OptimizerLab.Analysis;
using OptimizerLab.Clipping;
using OptimizerLab.Schedules;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;
using OptimizerLab.State;

namespace OptimizerLab.Lab;

/// <summary>
/// A run in progress: advance it step by step, save a checkpoint at any step, resume it later, finish it.
/// A run resumed from a checkpoint gives the same bits as one that never stopped.
/// </summary>
public sealed class RunSession<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The value of a checkpoint's "format" field.</summary>
    public const string CheckpointFormat = "OptimizerLab.RunCheckpoint";

    /// <summary>The checkpoint version this code writes and reads.</summary>
    public const int CheckpointVersion = 1;

    private readonly Problem<T> _problem;
    private readonly IOptimizer<T> _optimizer;
    private readonly Recorder<T> _recorder;
    private readonly CurveAnalysisOptions? _analysis;
    private readonly ILearningRateSchedule? _schedule;
    private readonly Func<double> _reevaluate;

    /// <summary>Starts a run of <paramref name="spec"/> on <paramref name="problem"/> at step 0.</summary>
    /// <param name="spec">What to run.</param>
    /// <param name="problem">The problem, as built from the spec.</param>
    /// <param name="analysis">Thresholds of the curve analysis (defaults when null).</param>
    /// <param name="stream">
    /// Where every step's loss and diagnostics go, instead of memory: the session then holds only what its analysis
    /// needs, in memory that does not grow with the steps, and <see cref="Finish"/> returns empty records with
    /// <see cref="RunResult.Streamed"/> set.
    /// </param>
    public RunSession(RunSpec spec, Problem<T> problem, CurveAnalysisOptions? analysis = null, IRunRecordStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(problem);
        spec.Validate();
        Spec = spec;
        _problem = problem;
        _analysis = analysis;
        _reevaluate = Reevaluate;
        _optimizer = OptimizerCatalog.Create<T>(spec.Optimizer, problem.Parameters, spec.NewOptions());
        _schedule = spec.Schedule is null ? null : ScheduleCatalog.Create(spec.Schedule, spec.ScheduleSettings, _optimizer);
        _recorder = new Recorder<T>(problem, _optimizer, spec, analysis ?? new CurveAnalysisOptions(), _schedule, stream);
    }

    /// <summary>What is being run.</summary>
    public RunSpec Spec { get; }

    /// <summary>The next step to run (steps 0 … Step−1 are done).</summary>
    public int Step { get; private set; }

    /// <summary>Why the run stopped early, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>True when every step ran or the run failed.</summary>
    public bool IsFinished => Step >= Spec.Steps || Failure is not null;

    /// <summary>The learning rate of the first parameter group, which step <see cref="Step"/> will use (a schedule changes it between steps).</summary>
    public double Lr => _optimizer.GroupOptions[0].Lr;

    /// <summary>
    /// Runs up to <paramref name="steps"/> more steps (fewer at the end of the run or on failure). <paramref name="cancel"/>
    /// is checked before every step; when it is cancelled this throws <see cref="OperationCanceledException"/> between two
    /// steps, so the session stays consistent (a checkpoint taken then resumes exactly).
    /// </summary>
    public void Advance(int steps, CancellationToken cancel = default)
    {
        int end = (int)Math.Min((long)Step + steps, Spec.Steps);
        while (Step < end && Failure is null)
        {
            // Every step: the check is one volatile read (nanoseconds against a step's microseconds to milliseconds),
            // and a large problem's step can take milliseconds, so checking every k-th step would delay a Ctrl-C k-fold.
            cancel.ThrowIfCancellationRequested();
            TakeStep(Step);
            Step++;
        }
    }

    private void TakeStep(int t)
    {
        double loss = _problem.LossAndGradient();
        _recorder.Record(t, loss);
        if (!double.IsFinite(loss))
        {
            Failure = $"The loss became {loss} at step {t}.";
            return;
        }

        ClipGradients();
        bool diagnose = _recorder.WantsDiagnostics(t);
        if (diagnose) _recorder.BeforeStep();
        try
        {
            if (_optimizer is IClosureOptimizer<T> closureOptimizer) closureOptimizer.Step(loss, _reevaluate);
            else _optimizer.Step();
        }
        catch (NonFiniteGradientException e)
        {
            Failure = e.Message;
            return;
        }

        if (diagnose) _recorder.AfterStep(t);
        if (_schedule is not null) ScheduleCatalog.Step(_schedule, loss);
    }

    /// <summary>
    /// The closure of an optimizer that evaluates more than once per step (L-BFGS): the loss and clipped gradient at
    /// the parameters as they are, on the step's batch. The step's row records only the first evaluation's loss.
    /// </summary>
    private double Reevaluate()
    {
        double loss = _problem.LossAndGradientOnSameBatch();
        ClipGradients();
        return loss;
    }

    private void ClipGradients()
    {
        if (Spec.ClipNorm is double maxNorm) GradientClipping.ClipByGlobalNorm(_problem.Parameters, maxNorm);
        if (Spec.ClipValue is double clipValue) GradientClipping.ClipByValue(_problem.Parameters, clipValue);
    }

    /// <summary>Analyses what ran and returns the result.</summary>
    public RunResult Finish()
    {
        if (_recorder.Streamed)
        {
            var (streamedSummary, fall) = _recorder.AnalyzeStream();
            return new RunResult(Spec, new RunRecords([], []), streamedSummary, _recorder.Predict(streamedSummary), Failure) { Streamed = new StreamedRun(Step, fall) };
        }

        var loss = _recorder.Records.Loss.AsSpan(0, Step);
        var summary = CurveAnalysis.Analyze(loss, _analysis);
        var records = Step == _recorder.Records.Loss.Length ? _recorder.Records : new RunRecords(loss.ToArray(), _recorder.Records.Diagnostics);
        return new RunResult(Spec, records, summary, _recorder.Predict(summary), Failure);
    }

    /// <summary>
    /// Everything needed to resume: the spec, the step, the parameters, the optimizer's state, the minibatch sampler's
    /// position and what was recorded so far. Every float is written in round-trip form.
    /// </summary>
    public JsonObject Checkpoint()
    {
        if (Failure is not null) throw new InvalidOperationException($"A failed run cannot be checkpointed: {Failure}");
        return new JsonObject
        {
            ["format"] = CheckpointFormat,
            ["version"] = CheckpointVersion,
            ["precision"] = OptimizerStateFormat.PrecisionName<T>(),
            ["spec"] = Spec.ToJson(),
            ["step"] = Step,
            ["parameters"] = new JsonArray(_problem.Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["values"] = JsonSerializer.SerializeToNode(p.Value, OptimizerStateFormat.Json),
            }).ToArray()),
            ["optimizer"] = _optimizer.SaveState(),
            ["schedule"] = _schedule?.SaveState(),
            ["sampler"] = _problem.Sampler?.SaveState(),
            ["recorder"] = _recorder.SaveState(Step),
        };
    }

    /// <summary>
    /// Resumes a checkpoint on the same problem (built from the same spec and seed, or from the same data).
    /// A checkpoint that does not fit — another format or version, another spec or precision, another parameter layout,
    /// truncated or edited fields — throws <see cref="InvalidDataException"/> saying what does not fit.
    /// </summary>
    /// <param name="checkpoint">What <see cref="Checkpoint"/> saved.</param>
    /// <param name="problem">The problem, as built from the spec.</param>
    /// <param name="analysis">Thresholds of the curve analysis (defaults when null).</param>
    /// <param name="stream">The stream of a streamed run: its records up to the checkpoint's step are replayed from it (<see cref="IRunRecordStream.Resume"/>).</param>
    public static RunSession<T> Resume(JsonNode checkpoint, Problem<T> problem, CurveAnalysisOptions? analysis = null, IRunRecordStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        try
        {
            return ResumeChecked(checkpoint, problem, analysis, stream);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"The checkpoint is malformed: {e.Message}", e);
        }
    }

    private static RunSession<T> ResumeChecked(JsonNode checkpoint, Problem<T> problem, CurveAnalysisOptions? analysis, IRunRecordStream? stream)
    {
        if (checkpoint is not JsonObject root || root["format"]?.GetValue<string>() != CheckpointFormat)
            throw new InvalidDataException($"Not a run checkpoint (\"format\" is not \"{CheckpointFormat}\").");
        int version = root["version"]?.GetValue<int>() ?? -1;
        if (version != CheckpointVersion)
            throw new InvalidDataException($"The checkpoint has format version {version}; this build reads version {CheckpointVersion}.");
        string? precision = root["precision"]?.GetValue<string>();
        if (precision != OptimizerStateFormat.PrecisionName<T>())
            throw new InvalidDataException($"The checkpoint is {precision ?? "of no precision"}, but this run is {OptimizerStateFormat.PrecisionName<T>()}.");
        var spec = RunSpec.FromJson(root["spec"] ?? throw new InvalidDataException("The checkpoint lacks \"spec\"."));
        int step = root["step"]?.GetValue<int>() ?? throw new InvalidDataException("The checkpoint lacks \"step\".");
        if (step < 0 || step > spec.Steps) throw new InvalidDataException($"The checkpoint's step {step} is outside 0…{spec.Steps}.");

        var parameters = root["parameters"] as JsonArray ?? throw new InvalidDataException("The checkpoint lacks \"parameters\".");
        if (parameters.Count != problem.Parameters.Count)
            throw new InvalidDataException($"The checkpoint has {parameters.Count} parameters; the problem has {problem.Parameters.Count}.");
        var values = new T[parameters.Count][];
        for (int i = 0; i < parameters.Count; i++)
        {
            var target = problem.Parameters[i];
            string? name = parameters[i]?["name"]?.GetValue<string>();
            values[i] = parameters[i]?["values"].Deserialize<T[]>(OptimizerStateFormat.Json) ?? throw new InvalidDataException($"parameters[{i}] lacks \"values\".");
            if (name != target.Name || values[i].Length != target.Length)
                throw new InvalidDataException($"parameters[{i}] is '{name}' with {values[i].Length} values in the checkpoint, but '{target.Name}' with {target.Length} here: another parameter layout.");
        }

        var session = new RunSession<T>(spec, problem, analysis, stream);
        // The optimizer and recorder check their own parts before changing anything; parameters are copied last.
        if ((session._schedule is null) != (root["schedule"] is null))
            throw new InvalidDataException("The checkpoint's schedule state does not match the spec's schedule.");
        session._schedule?.LoadState(root["schedule"]!);
        session._optimizer.LoadState(root["optimizer"] ?? throw new InvalidDataException("The checkpoint lacks \"optimizer\"."));
        session._recorder.LoadState(root["recorder"], step);
        if (problem.Sampler is null && root["sampler"] is not null)
            throw new InvalidDataException("The checkpoint has a minibatch sampler state but the problem is full batch.");
        problem.Sampler?.LoadState(root["sampler"]);
        if (stream is not null)
        {
            int replayed = 0;
            foreach (var (loss, row) in stream.Resume(step))
            {
                session._recorder.Replay(loss, row);
                replayed++;
            }

            if (replayed != step) throw new InvalidDataException($"The record stream replayed {replayed} steps for a checkpoint at step {step}.");
        }

        for (int i = 0; i < values.Length; i++) values[i].CopyTo(problem.Parameters[i].Value, 0);
        session.Step = step;
        return session;
    }
}
