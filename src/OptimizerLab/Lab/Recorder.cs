using System.Numerics;
using System.Runtime.Intrinsics;
using OptimizerLab.Analysis;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;

namespace OptimizerLab.Lab;

/// <summary>
/// Takes a run's diagnostics around the optimizer step, with buffers allocated once. Costs nothing on steps that are
/// not diagnosed; on diagnosed steps a few passes over the parameters, plus power iterations on sharpness steps.
/// </summary>
internal sealed class Recorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Problem<T> _problem;
    private readonly IOptimizer<T> _optimizer;
    private readonly RunSpec _spec;
    private readonly T[] _before;
    private readonly double[] _stepSizes;
    private readonly double[] _denominators;
    private readonly double[] _scratch;
    private readonly PowerIteration? _power;
    private readonly double _plateauThreshold;
    // Streamed rows taken while the loss is below the threshold but the plateau has not held yet: the story gets them once it is known whether it holds.
    private readonly List<DiagnosticsRow> _unsettledRows = [];
    private readonly IRunRecordStream? _stream;
    private readonly CurveTracker _curve;
    private readonly DiagnosticsStory _story = new();
    private double _loss;
    private readonly Schedules.ILearningRateSchedule? _schedule;
    private double _gradNorm;
    private double _lr;
    private double? _threshold;
    private string? _stableBecause;
    private int? _forecast;
    private int? _forecastCrossing;
    private int? _forecastAtConstantLr;
    private bool _forecastMade;
    private bool _forecastDone;

    // stream: where the records go when they are not kept in Records (a streamed run).
    public Recorder(Problem<T> problem, IOptimizer<T> optimizer, RunSpec spec, CurveAnalysisOptions analysis, Schedules.ILearningRateSchedule? schedule = null, IRunRecordStream? stream = null)
    {
        _stream = stream;
        _curve = new CurveTracker(analysis);
        _schedule = schedule;
        _problem = problem;
        _optimizer = optimizer;
        _spec = spec;
        int n = problem.ParameterCount;
        _before = new T[n];
        _stepSizes = new double[n];
        _denominators = new double[n];
        _scratch = new double[n];
        _power = problem.Hessian is { } hessian && spec.SharpnessEvery > 0 ? new PowerIteration(hessian) : null;
        _plateauThreshold = analysis.PlateauThreshold;
        Records = new RunRecords(stream is null ? spec.Steps : 0);
    }

    /// <summary>Every step's loss and the diagnostics rows; empty for a streamed run.</summary>
    public RunRecords Records { get; }

    /// <summary>True when the records go to a stream rather than <see cref="Records"/>.</summary>
    public bool Streamed => _stream is not null;

    /// <summary>Step <paramref name="t"/>'s loss, before the step.</summary>
    public void Record(int t, double loss)
    {
        _loss = loss;
        _curve.Add(loss);
        if (_stream is null)
        {
            Records.Record(t, loss);
            return;
        }

        _stream.Add(t, loss);
    }

    /// <summary>A streamed run's step from before an interruption, read back from its stream: what <see cref="Record"/> and <see cref="AfterStep"/> kept of it.</summary>
    public void Replay(double loss, DiagnosticsRow? row)
    {
        _curve.Add(loss);
        if (row is { } d) Tell(d);
    }

    /// <summary>The analysis of a streamed run's curve so far; the medians are read back from the stream.</summary>
    public (CurveSummary Summary, DenominatorFall? Fall) AnalyzeStream()
    {
        var stream = _stream ?? throw new InvalidOperationException("The run is not streamed.");
        FlushUnsettledRows();
        int finite = _curve.FiniteCount;
        var summary = _curve.Summary(_curve.ReboundStep is int r ? StreamedMedian.Of(() => stream.Losses(r, finite)) : null);
        var fall = summary.PlateauStep is null ? null : _story.Fall((from, to) => StreamedMedian.Of(() => stream.GradNorms(from, to)));
        return (summary, fall);
    }

    public bool WantsDiagnostics(int t) =>
        t % _spec.DiagnosticsEvery == 0 || IsSharpnessStep(t) || (!_forecastDone && _power is not null && _loss < _plateauThreshold);

    public void BeforeStep()
    {
        // The problem's parameters are the optimizer's, in the same order; a list, so no enumerator is allocated.
        var parameters = _problem.Parameters;
        int offset = 0;
        double sumSquares = 0;
        for (int p = 0; p < parameters.Count; p++)
        {
            var parameter = parameters[p];
            parameter.Value.CopyTo(_before, offset);
            sumSquares += NormKernel.SumOfSquares<T>(parameter.Grad);
            offset += parameter.Length;
        }

        _gradNorm = Math.Sqrt(sumSquares);
        _lr = _optimizer.GroupOptions[0].Lr;
    }

    public void AfterStep(int t)
    {
        var parameters = _problem.Parameters;
        int offset = 0;
        for (int p = 0; p < parameters.Count; p++)
        {
            T[] value = parameters[p].Value;
            for (int i = 0; i < value.Length; i++)
                _scratch[offset + i] = double.CreateTruncating(value[i]) - double.CreateTruncating(_before[offset + i]);
            offset += value.Length;
        }

        double sumSquares = NormKernel.SumOfSquares<double>(_scratch);
        double updateNorm = Math.Sqrt(sumSquares);
        var dynamics = _optimizer.Dynamics;
        _stableBecause = dynamics.StableBecause;
        _threshold = _stableBecause is null ? dynamics.Momentum.Threshold : null;
        double min = double.NaN, median = double.NaN, max = double.NaN, epsShare = double.NaN, sharpness = double.NaN;
        if (_threshold is double threshold)
        {
            dynamics.ReadStepSizes(_stepSizes, _denominators);
            double eps = dynamics.DenominatorEps;
            if (!double.IsNaN(eps) && !double.IsNaN(_denominators[0]))
            {
                (min, median, max, int dominated) = Spread(_denominators, eps);
                epsShare = (double)dominated / _denominators.Length;
            }

            if (!_forecastDone && _curve.PlateauHeld && _power is not null)
            {
                var projection = dynamics.ProjectStepSizes();
                // The schedule has not stepped yet for this step: its lr now is the one the step just taken used.
                var lrPath = _schedule is null ? null : new LearningRatePath(_spec, _schedule.SaveState(), projection.Lr, projection.StartStep, _loss);
                (_forecastCrossing, _forecast) = ReboundForecast.Forecast(_power, projection, dynamics.Momentum, lrPath, _loss);
                _forecastMade = true;
                if (lrPath is not null) _forecastAtConstantLr = ReboundForecast.Forecast(_power, projection, dynamics.Momentum, plateauLoss: _loss).Rebound;
            }
        }

        // The forecast is made once, when the plateau has held (CurveAnalysisOptions.PlateauHold), whatever the optimizer.
        if (_curve.PlateauHeld) _forecastDone = true;
        if (_threshold is not null && _power is not null && IsSharpnessStep(t))
            sharpness = _power.LargestEigenvalue(_stepSizes);

        var row = new DiagnosticsRow(t, _lr, _gradNorm, updateNorm,
            _gradNorm == 0 ? double.NaN : updateNorm / _gradNorm, min, median, max, epsShare, sharpness);
        if (_stream is null)
        {
            Records.Diagnostics.Add(row);
            return;
        }

        Tell(row);
        _stream.Add(row);
    }

    public ReboundPrediction Predict(CurveSummary summary)
    {
        if (_stableBecause is not null) return ReboundPrediction.None with { StableBecause = _stableBecause };
        if (_threshold is not double threshold) return ReboundPrediction.None;
        if (_problem.Hessian is not { } hessian) return ReboundPrediction.None with { NotPredictedBecause = "the problem has no constant Hessian to measure the sharpness on" };
        if (_power is null) return ReboundPrediction.None with { NotPredictedBecause = "the sharpness was not measured" };
        double lambdaMax = PowerIteration.LargestEigenvalue(hessian);
        var story = _stream is null ? DiagnosticsStory.Of(Records.Diagnostics, summary) : _story;
        double? atPlateau = story.SharpnessAtPlateau;
        int? crossing = story.Crossing(threshold);

        double? safeEps = _optimizer.Dynamics.SafeEps(lambdaMax);
        return new ReboundPrediction(threshold, lambdaMax, atPlateau, crossing, _forecast, safeEps) { ForecastAtConstantLr = _forecastAtConstantLr, ForecastMade = _forecastMade, ForecastCrossingStep = _forecastCrossing };
    }

    /// <summary>What the recorder carries across a checkpoint: losses and diagnostics so far, the forecast, the power iteration's vector.</summary>
    /// <remarks>A streamed run's records are in its stream, which its resume replays (<see cref="Replay"/>): the state then holds neither losses nor diagnostics.</remarks>
    public System.Text.Json.Nodes.JsonObject SaveState(int steps) => new()
    {
        ["streamed"] = Streamed,
        ["loss"] = Streamed ? null : System.Text.Json.JsonSerializer.SerializeToNode(Records.Loss[..steps], State.OptimizerStateFormat.Json),
        ["diagnostics"] = Streamed ? null : System.Text.Json.JsonSerializer.SerializeToNode(Records.Diagnostics, State.OptimizerStateFormat.Json),
        ["forecastDone"] = _forecastDone,
        ["forecast"] = _forecast,
        ["forecastCrossing"] = _forecastCrossing,
        ["forecastAtConstantLr"] = _forecastAtConstantLr,
        ["forecastMade"] = _forecastMade,
        ["powerVector"] = _power is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(_power.SaveState(), State.OptimizerStateFormat.Json),
    };

    /// <summary>Restores <see cref="SaveState"/>; throws <see cref="InvalidDataException"/> if it does not fit.</summary>
    public void LoadState(System.Text.Json.Nodes.JsonNode? state, int steps)
    {
        if (state is null) throw new InvalidDataException("The checkpoint lacks \"recorder\".");
        bool streamed = state["streamed"]?.GetValue<bool>() ?? false;
        if (streamed != Streamed)
            throw new InvalidDataException(streamed ? "The checkpoint is of a streamed run; resume it with its record stream." : "The checkpoint holds its records; it is not of a streamed run.");
        double[] loss = streamed ? [] : System.Text.Json.JsonSerializer.Deserialize<double[]>(state["loss"], State.OptimizerStateFormat.Json)
            ?? throw new InvalidDataException("The checkpoint's recorder lacks \"loss\".");
        if (!streamed && loss.Length != steps) throw new InvalidDataException($"The checkpoint records {loss.Length} losses for {steps} steps.");
        var diagnostics = streamed ? [] : System.Text.Json.JsonSerializer.Deserialize<List<DiagnosticsRow>>(state["diagnostics"], State.OptimizerStateFormat.Json)
            ?? throw new InvalidDataException("The checkpoint's recorder lacks \"diagnostics\".");
        double[]? vector = System.Text.Json.JsonSerializer.Deserialize<double[]>(state["powerVector"], State.OptimizerStateFormat.Json);
        if ((vector is null) != (_power is null)) throw new InvalidDataException("The checkpoint's sharpness tracking does not match the spec.");
        if (vector is not null) _power!.LoadState(vector);
        Records.Grow(loss.Length);
        loss.CopyTo(Records.Loss, 0);
        Records.Diagnostics.Clear();
        Records.Diagnostics.AddRange(diagnostics);
        foreach (double value in loss) _curve.Add(value);
        _forecastDone = state["forecastDone"]?.GetValue<bool>() ?? false;
        _forecast = state["forecast"]?.GetValue<int?>();
        _forecastCrossing = state["forecastCrossing"]?.GetValue<int?>();
        _forecastAtConstantLr = state["forecastAtConstantLr"]?.GetValue<int?>();
        _forecastMade = state["forecastMade"]?.GetValue<bool>() ?? _forecast is not null;
    }

    /// <summary>Gives a streamed row to the story with the plateau and rebound as known, holding it back while a plateau is still to be confirmed.</summary>
    private void Tell(in DiagnosticsRow row)
    {
        if (_curve.PlateauPending)
        {
            _unsettledRows.Add(row);
            return;
        }

        FlushUnsettledRows();
        _story.Add(row, _curve.PlateauStep, _curve.ReboundStep);
    }

    private void FlushUnsettledRows()
    {
        foreach (var held in _unsettledRows) _story.Add(held, _curve.PlateauStep, _curve.ReboundStep);
        _unsettledRows.Clear();
    }

    private bool IsSharpnessStep(int t) => _power is not null && t % _spec.SharpnessEvery == 0;

    /// <summary>Min, median and max in O(n), without allocating, and how many denominators eps dominates (eps &gt; sqrt(v̂)).</summary>
    /// <remarks>
    /// Min and max are exact in any order and eps − (denominator − eps) is rounded alike in every lane, so the vector
    /// pass gives the scalar loop's values; <see cref="Math.Min(double, double)"/>'s NaN handling made that loop cost
    /// more than the median.
    /// </remarks>
    private (double Min, double Median, double Max, int EpsDominated) Spread(double[] denominators, double eps)
    {
        int i = 0, dominated = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        if (Vector256.IsHardwareAccelerated && denominators.Length >= 4)
        {
            var lowest = Vector256.Create(double.PositiveInfinity);
            var highest = Vector256.Create(double.NegativeInfinity);
            var e = Vector256.Create(eps);
            for (; i + 4 <= denominators.Length; i += 4)
            {
                var d = Vector256.Create(denominators.AsSpan(i, 4));
                lowest = Vector256.Min(lowest, d);
                highest = Vector256.Max(highest, d);
                dominated += BitOperations.PopCount(Vector256.GreaterThan(e, d - e).ExtractMostSignificantBits());
            }

            for (int lane = 0; lane < 4; lane++)
            {
                min = Math.Min(min, lowest.GetElement(lane));
                max = Math.Max(max, highest.GetElement(lane));
            }
        }

        for (; i < denominators.Length; i++)
        {
            min = Math.Min(min, denominators[i]);
            max = Math.Max(max, denominators[i]);
            if (eps > denominators[i] - eps) dominated++;
        }

        return (min, RadixSelect.Median(denominators, _scratch, min, max), max, dominated);
    }
}
