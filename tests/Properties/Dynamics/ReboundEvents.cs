using OptimizerLab.Analysis;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Finds the mechanism's two events in a loss curve, fed one loss at a time (so a run can stop at the rebound):
/// <list type="bullet">
/// <item>the plateau: the first step from which the loss stays below <see cref="Threshold"/> for <see cref="Hold"/> steps;</item>
/// <item>the rebound: the first later step whose loss exceeds both <see cref="Threshold"/> and the library's rebound factor
/// (1000) times the running minimum since the plateau.</item>
/// </list>
/// </summary>
/// <remarks>
/// Stricter than <see cref="CurveAnalysis"/>'s first-dip rule, on purpose: on these small problems Adam's momentum makes the
/// loss oscillate while it converges, so it can dip below a threshold and rise 1000× again within a few steps, long before
/// the sharpness is anywhere near the threshold (e.g. N=14 D_in=38 seed=9489 lr=2e-3 in float64, steps 300–320).
/// A rebound must come back above the plateau threshold itself, after the loss stayed below it for a while.
/// </remarks>
internal sealed class ReboundEvents
{
    /// <summary>
    /// Plateau and rebound threshold. Far above float32's rounding dust on these problems (N·(ε32·(|x·w|+|y|))² ≲ 16·(6e-8·10)²
    /// ≈ 6e-12) and below the level the loss returns to after a rebound (∝ lr², ≳ 1e-9 for lr ≥ 1e-3 here).
    /// </summary>
    public const double Threshold = 1e-10;

    /// <summary>Steps the loss must stay below the threshold: longer than the momentum oscillations of the convergence phase (tens of steps).</summary>
    public const int Hold = 100;

    private static readonly double Factor = new CurveAnalysisOptions().ReboundFactor;

    private int? _candidate;
    private double _runningMin = double.PositiveInfinity;

    /// <summary>The plateau step once confirmed, else null.</summary>
    public int? Plateau { get; private set; }

    /// <summary>The rebound step, else null.</summary>
    public int? Rebound { get; private set; }

    /// <summary>The smallest loss since the plateau (∞ before it).</summary>
    public double MinSincePlateau => _runningMin;

    /// <summary>True on the step that confirmed the plateau (its start is <see cref="Plateau"/>).</summary>
    public bool PlateauJustConfirmed { get; private set; }

    /// <summary>Feeds loss[t]; steps must come in order from 0.</summary>
    public void Observe(int t, double loss)
    {
        PlateauJustConfirmed = false;
        if (Plateau is null)
        {
            if (loss < Threshold) _candidate ??= t;
            else _candidate = null;
            if (_candidate is int start && t - start + 1 >= Hold)
            {
                Plateau = start;
                PlateauJustConfirmed = true;
            }

            if (_candidate is not null) _runningMin = Math.Min(_runningMin, loss);
            else _runningMin = double.PositiveInfinity;
            return;
        }

        if (Rebound is null && loss > Threshold && loss > Factor * _runningMin) Rebound = t;
        _runningMin = Math.Min(_runningMin, loss);
    }

    /// <summary>The events of a whole curve.</summary>
    public static ReboundEvents Find(ReadOnlySpan<double> loss)
    {
        var events = new ReboundEvents();
        for (int t = 0; t < loss.Length && events.Rebound is null; t++) events.Observe(t, loss[t]);
        return events;
    }
}
