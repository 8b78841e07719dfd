namespace OptimizerLab.Analysis;

/// <summary>
/// <see cref="CurveAnalysis"/> one value at a time, in constant memory: a streamed run feeds it step by step, and
/// <see cref="CurveAnalysis.Analyze"/> feeds it a whole curve, so both find the same plateau, minimum and rebound. The
/// level after the rebound is a median over the values themselves, which the tracker does not keep: the caller
/// computes it over steps <see cref="ReboundStep"/> … <see cref="FiniteCount"/>−1.
/// </summary>
internal sealed class CurveTracker(CurveAnalysisOptions options)
{
    private double _plateauBelow;
    private double _previous;
    private double _runningMin = double.PositiveInfinity;
    private double _min = double.PositiveInfinity;
    private bool _monotone = true;

    /// <summary>The number of values added.</summary>
    public int Count { get; private set; }

    /// <summary>The values before the first non-finite one (all of them when the curve never diverged).</summary>
    public int FiniteCount => DivergedStep ?? Count;

    public int? PlateauStep { get; private set; }

    public int? ReboundStep { get; private set; }

    public int? DivergedStep { get; private set; }

    private double _initial;
    private double _final;
    private int _minStep;
    private int _monotoneUntil;

    /// <summary>Adds loss[Count].</summary>
    public void Add(double value)
    {
        int t = Count++;
        if (t == 0)
        {
            _initial = value;
            _plateauBelow = options.PlateauBelow(value);
        }

        _final = value;
        if (DivergedStep is not null) return;
        if (!double.IsFinite(value))
        {
            DivergedStep = t;
            return;
        }

        if (_monotone && t > 0 && value > _previous) _monotone = false;
        if (_monotone) _monotoneUntil = t;
        if (value < _min)
        {
            _min = value;
            _minStep = t;
        }

        if (PlateauStep is null && value < _plateauBelow) PlateauStep = t;
        if (PlateauStep is not null && ReboundStep is null && t > PlateauStep
            && value > options.ReboundFactor * _runningMin && value > options.ReboundFloor)
            ReboundStep = t;
        _runningMin = Math.Min(_runningMin, value);
        _previous = value;
    }

    /// <summary>The summary of the values added so far, with the level after the rebound computed by the caller.</summary>
    public CurveSummary Summary(double? levelAfterRebound)
    {
        if (Count == 0) throw new InvalidOperationException("A loss curve needs at least one value.");
        return new CurveSummary(
            InitialLoss: _initial,
            FinalLoss: _final,
            MinLoss: FiniteCount == 0 ? double.NaN : _min,
            MinStep: _minStep,
            PlateauStep: PlateauStep,
            ReboundStep: ReboundStep,
            LevelAfterRebound: levelAfterRebound,
            MonotoneUntil: _monotoneUntil,
            DivergedStep: DivergedStep);
    }
}
