using System.Numerics;
using System.Text.Json.Nodes;
using OptimizerLab.Analysis;
using OptimizerLab.Problems;

namespace OptimizerLab.Lab;

/// <summary>How a <see cref="ResumableRun"/> starts, reports and stops.</summary>
/// <param name="Checkpoint">A checkpoint of the same spec to continue from (<see cref="RunSession{T}.Checkpoint"/>), or null to start at step 0.</param>
/// <param name="Progress">Called with the number of steps done every <paramref name="ProgressEvery"/> steps and at the end.</param>
/// <param name="ProgressEvery">Steps between progress calls.</param>
/// <param name="Cancel">Stops the run between two steps; the outcome then carries a checkpoint.</param>
/// <param name="Stream">Where the records go instead of memory (see <see cref="IRunRecordStream"/>); a checkpoint of a streamed run resumes only with its stream.</param>
public sealed record RunControl(JsonNode? Checkpoint = null, Action<int>? Progress = null, int ProgressEvery = 1024, CancellationToken Cancel = default, IRunRecordStream? Stream = null);

/// <summary>A run that finished, failed, or was interrupted (then <see cref="Checkpoint"/> resumes it).</summary>
/// <param name="Result">What ran: all steps, or the steps done before the interruption.</param>
/// <param name="Checkpoint">The state to resume from when interrupted; null when the run ended.</param>
public sealed record RunOutcome(RunResult Result, JsonObject? Checkpoint)
{
    /// <summary>True when cancellation stopped the run before its last step.</summary>
    public bool Interrupted => Checkpoint is not null;

    /// <summary>The number of steps done.</summary>
    public int StepsDone => Result.StepsRun;
}

/// <summary>
/// Runs a spec in chunks with progress, stops cleanly on cancellation with a checkpoint, and continues from one:
/// a run interrupted any number of times and resumed gives the same result, to the bit, as one that never stopped
/// (<see cref="RunSession{T}"/> saves every part of the state).
/// </summary>
public static class ResumableRun
{
    /// <summary>Runs the spec on the problem it names, in its precision.</summary>
    public static RunOutcome Run(RunSpec spec, RunControl control, CurveAnalysisOptions? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        return spec.Precision == Precision.Float32
            ? Run(spec, spec.Problem.Build<float>(spec.Seed), control, analysis)
            : Run(spec, spec.Problem.Build<double>(spec.Seed), control, analysis);
    }

    /// <summary>
    /// Runs the spec on a given problem (fresh, as built). A checkpoint in <paramref name="control"/> must be of this very
    /// spec; one of another spec, precision or shape throws <see cref="InvalidDataException"/> saying what differs.
    /// </summary>
    public static RunOutcome Run<T>(RunSpec spec, Problem<T> problem, RunControl control, CurveAnalysisOptions? analysis = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(control);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(control.ProgressEvery);
        RunSession<T> session;
        if (control.Checkpoint is { } checkpoint)
        {
            string expected = spec.ToJson().ToJsonString(), found = checkpoint["spec"]?.ToJsonString() ?? "nothing";
            if (expected != found)
                throw new InvalidDataException($"The checkpoint is of another run: its spec is {found}, this run's is {expected}.");
            session = RunSession<T>.Resume(checkpoint, problem, analysis, control.Stream);
        }
        else
        {
            session = new RunSession<T>(spec, problem, analysis, control.Stream);
        }

        while (!session.IsFinished)
        {
            try
            {
                session.Advance(control.ProgressEvery, control.Cancel);
            }
            catch (OperationCanceledException) when (control.Cancel.IsCancellationRequested)
            {
                // Advance stops between two steps, so the session is consistent and its checkpoint resumes exactly.
                return new RunOutcome(session.Finish(), session.Checkpoint());
            }

            control.Progress?.Invoke(session.Step);
        }

        return new RunOutcome(session.Finish(), null);
    }
}
