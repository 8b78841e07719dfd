namespace OptimizerLab.Analysis;

/// <summary>
/// Thresholds of <see cref="CurveAnalysis"/>. The defaults classify the seed question (float32 and float64) and its
/// remedies correctly; they assume a problem whose minimum loss is 0, as over-parameterised least squares.
/// </summary>
public sealed record CurveAnalysisOptions
{
    /// <summary>The near-zero plateau starts at the first step whose loss is below this (default 1e-9, as in the brief's table)…</summary>
    public double PlateauThreshold { get; init; } = 1e-9;

    /// <summary>
    /// …and stays below it for this many consecutive values (default 10). A descent that still oscillates (momentum
    /// carrying the weights through the minimum, as while a schedule's lr rises) dips below the threshold for a step or a
    /// few and rises 1000× within a few more: that dip is not a plateau, and its bottom is no floor to rebound from.
    /// </summary>
    public int PlateauHold { get; init; } = 10;

    /// <summary>
    /// When set, the plateau threshold is this fraction of the initial loss instead of <see cref="PlateauThreshold"/>:
    /// for logs whose loss has a floor above 0 or another scale (null by default, so the lab's runs keep the absolute 1e-9).
    /// </summary>
    public double? PlateauFraction { get; init; }

    /// <summary>The plateau threshold for a curve starting at <paramref name="initialLoss"/>.</summary>
    public double PlateauBelow(double initialLoss) => PlateauFraction is double f ? f * initialLoss : PlateauThreshold;

    /// <summary>A rebound is a loss above the running minimum by this factor (default 1000)…</summary>
    public double ReboundFactor { get; init; } = 1000;

    /// <summary>…and above this absolute floor (default 1e-20), so that float64 round-off dust at 1e-30 is not called a rebound.</summary>
    public double ReboundFloor { get; init; } = 1e-20;

    /// <summary>Window for the monotonicity check (default 100 steps).</summary>
    public int MonotoneWindow { get; init; } = 100;
}
