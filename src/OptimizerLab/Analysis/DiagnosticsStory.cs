namespace OptimizerLab.Analysis;

/// <summary>
/// What the explanation and the rebound prediction read from a run's diagnostics rows, gathered row by row in step
/// order with the plateau and rebound as far as they are known at that row, in memory that does not grow with the
/// rows (but for the sharpness's record highs): so a streamed run, which keeps no rows, tells the same story as one
/// whose rows are all in memory.
/// </summary>
internal sealed class DiagnosticsStory
{
    // Sharpness measurements from the plateau on that exceed every earlier one: the first to reach a threshold is among them.
    private readonly List<(int Step, double Value)> _sharpnessHighs = [];

    /// <summary>The first row at or after the plateau with a denominator median.</summary>
    public DiagnosticsRow? AtPlateau { get; private set; }

    /// <summary>The last row with a denominator median before (or at) the rebound, or the last such row when there was none.</summary>
    public DiagnosticsRow? BeforeRebound { get; private set; }

    /// <summary>The first sharpness measured at or after the plateau.</summary>
    public double? SharpnessAtPlateau { get; private set; }

    /// <summary>The rows whose gradient norms <see cref="DenominatorFall.MedianGradientNorm"/> is taken over, or null when the denominators were not seen to fall.</summary>
    public (int From, int To)? FallSpan => AtPlateau is { } a && BeforeRebound is { } b && b.Step > a.Step ? (a.Step, b.Step) : null;

    /// <summary>Adds the next row; <paramref name="plateau"/> and <paramref name="rebound"/> as known at its step (or the final ones).</summary>
    public void Add(in DiagnosticsRow row, int? plateau, int? rebound)
    {
        if (plateau is int p && row.Step >= p && !double.IsNaN(row.Sharpness))
        {
            SharpnessAtPlateau ??= row.Sharpness;
            if (_sharpnessHighs.Count == 0 || row.Sharpness > _sharpnessHighs[^1].Value) _sharpnessHighs.Add((row.Step, row.Sharpness));
        }

        if (double.IsNaN(row.DenomMedian)) return;
        if (AtPlateau is null && plateau is int q && row.Step >= q) AtPlateau = row;
        if (rebound is not int r || row.Step <= r) BeforeRebound = row;
    }

    /// <summary>The first step at or after the plateau whose sharpness reached <paramref name="threshold"/>.</summary>
    public int? Crossing(double threshold)
    {
        foreach (var (step, value) in _sharpnessHighs)
        {
            if (value >= threshold) return step;
        }

        return null;
    }

    /// <summary>The story of rows all in memory, with the curve's final plateau and rebound.</summary>
    public static DiagnosticsStory Of(IEnumerable<DiagnosticsRow> rows, CurveSummary summary)
    {
        var story = new DiagnosticsStory();
        foreach (var row in rows) story.Add(row, summary.PlateauStep, summary.ReboundStep);
        return story;
    }

    /// <summary>The fall of the denominators, with the median of its gradient norms given by <paramref name="medianGradNorm"/> (of the rows from … to, inclusive).</summary>
    public DenominatorFall? Fall(Func<int, int, double> medianGradNorm) =>
        FallSpan is var (from, to) ? new DenominatorFall(AtPlateau!.Value, BeforeRebound!.Value, medianGradNorm(from, to)) : null;
}
