using System.Numerics;
using OptimizerLab.Analysis;
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
    private readonly Schedules.ILearningRateSchedule? _schedule;
    private double _gradNorm;
    private double _lr;
    private double? _threshold;
    private string? _stableBecause;
    private int? _forecast;
    private int? _forecastAtConstantLr;
    private bool _forecastMade;
    private bool _forecastDone;

    public Recorder(Problem<T> problem, IOptimizer<T> optimizer, RunSpec spec, double plateauThreshold = 1e-9, Schedules.ILearningRateSchedule? schedule = null)
    {
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
        _plateauThreshold = plateauThreshold;
        Records = new RunRecords(spec.Steps);
    }

    public RunRecords Records { get; }

    public bool WantsDiagnostics(int t) =>
        t % _spec.DiagnosticsEvery == 0 || IsSharpnessStep(t) || (!_forecastDone && _power is not null && Records.Loss[t] < _plateauThreshold);

    public void BeforeStep()
    {
        int offset = 0;
        double sumSquares = 0;
        foreach (var parameter in _optimizer.Parameters)
        {
            parameter.Value.CopyTo(_before, offset);
            foreach (T g in parameter.Grad) sumSquares += double.CreateTruncating(g) * double.CreateTruncating(g);
            offset += parameter.Length;
        }

        _gradNorm = Math.Sqrt(sumSquares);
        _lr = _optimizer.GroupOptions[0].Lr;
    }

    public void AfterStep(int t)
    {
        int offset = 0;
        double sumSquares = 0;
        foreach (var parameter in _optimizer.Parameters)
        {
            for (int i = 0; i < parameter.Length; i++)
            {
                double change = double.CreateTruncating(parameter.Value[i]) - double.CreateTruncating(_before[offset + i]);
                sumSquares += change * change;
            }

            offset += parameter.Length;
        }

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
                (min, median, max) = Spread(_denominators);
                int dominated = 0;
                foreach (double denom in _denominators) if (eps > denom - eps) dominated++;
                epsShare = (double)dominated / _denominators.Length;
            }

            if (!_forecastDone && Records.Loss[t] < _plateauThreshold && _power is not null)
            {
                var projection = dynamics.ProjectStepSizes();
                // The schedule has not stepped yet for this step: its lr now is the one the step just taken used.
                var lrPath = _schedule is null ? null : new LearningRatePath(_spec, _schedule.SaveState(), projection.Lr, projection.StartStep, Records.Loss[t]);
                _forecast = ReboundForecast.Forecast(_power, projection, threshold, lrPath);
                _forecastMade = true;
                if (lrPath is not null) _forecastAtConstantLr = ReboundForecast.Forecast(_power, projection, threshold);
            }
        }

        // The forecast is made once, at the first plateau step, whatever the optimizer.
        if (Records.Loss[t] < _plateauThreshold) _forecastDone = true;
        if (_threshold is not null && _power is not null && IsSharpnessStep(t))
            sharpness = _power.LargestEigenvalue(_stepSizes);

        Records.Diagnostics.Add(new DiagnosticsRow(t, _lr, _gradNorm, updateNorm,
            _gradNorm == 0 ? double.NaN : updateNorm / _gradNorm, min, median, max, epsShare, sharpness));
    }

    public ReboundPrediction Predict(CurveSummary summary)
    {
        if (_stableBecause is not null) return ReboundPrediction.None with { StableBecause = _stableBecause };
        if (_threshold is not double threshold) return ReboundPrediction.None;
        if (_problem.Hessian is not { } hessian) return ReboundPrediction.None with { NotPredictedBecause = "the problem has no constant Hessian to measure the sharpness on" };
        if (_power is null) return ReboundPrediction.None with { NotPredictedBecause = "the sharpness was not measured" };
        double lambdaMax = PowerIteration.LargestEigenvalue(hessian);
        double? atPlateau = null;
        int? crossing = null;
        if (summary.PlateauStep is int plateau)
        {
            foreach (var (step, value) in Records.Sharpness)
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

        double? safeEps = _optimizer.Dynamics.SafeEps(lambdaMax);
        return new ReboundPrediction(threshold, lambdaMax, atPlateau, crossing, _forecast, safeEps) { ForecastAtConstantLr = _forecastAtConstantLr, ForecastMade = _forecastMade };
    }

    /// <summary>What the recorder carries across a checkpoint: losses and diagnostics so far, the forecast, the power iteration's vector.</summary>
    public System.Text.Json.Nodes.JsonObject SaveState(int steps) => new()
    {
        ["loss"] = System.Text.Json.JsonSerializer.SerializeToNode(Records.Loss[..steps], State.OptimizerStateFormat.Json),
        ["diagnostics"] = System.Text.Json.JsonSerializer.SerializeToNode(Records.Diagnostics, State.OptimizerStateFormat.Json),
        ["forecastDone"] = _forecastDone,
        ["forecast"] = _forecast,
        ["forecastAtConstantLr"] = _forecastAtConstantLr,
        ["forecastMade"] = _forecastMade,
        ["powerVector"] = _power is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(_power.SaveState(), State.OptimizerStateFormat.Json),
    };

    /// <summary>Restores <see cref="SaveState"/>; throws <see cref="InvalidDataException"/> if it does not fit.</summary>
    public void LoadState(System.Text.Json.Nodes.JsonNode? state, int steps)
    {
        if (state is null) throw new InvalidDataException("The checkpoint lacks \"recorder\".");
        double[] loss = System.Text.Json.JsonSerializer.Deserialize<double[]>(state["loss"], State.OptimizerStateFormat.Json)
            ?? throw new InvalidDataException("The checkpoint's recorder lacks \"loss\".");
        if (loss.Length != steps) throw new InvalidDataException($"The checkpoint records {loss.Length} losses for {steps} steps.");
        var diagnostics = System.Text.Json.JsonSerializer.Deserialize<List<DiagnosticsRow>>(state["diagnostics"], State.OptimizerStateFormat.Json)
            ?? throw new InvalidDataException("The checkpoint's recorder lacks \"diagnostics\".");
        double[]? vector = System.Text.Json.JsonSerializer.Deserialize<double[]>(state["powerVector"], State.OptimizerStateFormat.Json);
        if ((vector is null) != (_power is null)) throw new InvalidDataException("The checkpoint's sharpness tracking does not match the spec.");
        if (vector is not null) _power!.LoadState(vector);
        Records.Grow(loss.Length);
        loss.CopyTo(Records.Loss, 0);
        Records.Diagnostics.Clear();
        Records.Diagnostics.AddRange(diagnostics);
        _forecastDone = state["forecastDone"]?.GetValue<bool>() ?? false;
        _forecast = state["forecast"]?.GetValue<int?>();
        _forecastAtConstantLr = state["forecastAtConstantLr"]?.GetValue<int?>();
        _forecastMade = state["forecastMade"]?.GetValue<bool>() ?? _forecast is not null;
    }

    private bool IsSharpnessStep(int t) => _power is not null && t % _spec.SharpnessEvery == 0;

    /// <summary>Min, median and max in O(n), without allocating.</summary>
    private (double Min, double Median, double Max) Spread(double[] values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        values.CopyTo(_scratch, 0);
        return (min, Statistics.MedianInPlace(_scratch), max);
    }
}
