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
    private int _belowRun;
    private int? _pendingRebound;

    /// <summary>The number of values added.</summary>
    public int Count { get; private set; }

    /// <summary>The values before the first non-finite one (all of them when the curve never diverged).</summary>
    public int FiniteCount => DivergedStep ?? Count;

    /// <summary>
    /// The first step from which the loss stays below the threshold for <see cref="CurveAnalysisOptions.PlateauHold"/>
    /// values; a run still below it when the values end counts, as the curve gives no more to judge by.
    /// </summary>
    public int? PlateauStep => _plateau ?? (_belowRun > 0 ? FiniteCount - _belowRun : null);

    public int? ReboundStep => _plateau is null ? (_belowRun > 0 ? _pendingRebound : null) : _rebound;

    /// <summary>True once the loss has stayed below the threshold for the hold: the plateau is settled.</summary>
    public bool PlateauHeld => _plateau is not null;

    /// <summary>True while the loss is below the threshold but not yet for the hold: whether this is the plateau is not known yet.</summary>
    public bool PlateauPending => _plateau is null && _belowRun > 0 && DivergedStep is null;

    private int? _plateau;
    private int? _rebound;

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

        bool rises = value > options.ReboundFactor * _runningMin && value > options.ReboundFloor;
        if (_plateau is null)
        {
            // A run below the threshold is a plateau once it has held; a rebound inside the run counts only if it does.
            _belowRun = value < _plateauBelow ? _belowRun + 1 : 0;
            if (_belowRun == 0) _pendingRebound = null;
            else if (_belowRun > 1 && rises) _pendingRebound ??= t;
            if (_belowRun >= Math.Max(1, options.PlateauHold))
            {
                _plateau = t - _belowRun + 1;
                _rebound = _pendingRebound;
            }
        }
        else if (_rebound is null && rises)
        {
            _rebound = t;
        }

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
