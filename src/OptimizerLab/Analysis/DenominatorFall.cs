namespace OptimizerLab.Analysis;

/// <summary>How the optimizer's denominators fell between the plateau and the rebound, as the explanation tells it.</summary>
/// <param name="AtPlateau">The first diagnostics row at or after the plateau with a denominator median.</param>
/// <param name="BeforeRebound">The last such row before the rebound (or the last of the run).</param>
/// <param name="MedianGradientNorm">The median gradient norm of the diagnostics rows between the two, inclusive.</param>
public sealed record DenominatorFall(DiagnosticsRow AtPlateau, DiagnosticsRow BeforeRebound, double MedianGradientNorm)
{
    /// <summary>The fall read from diagnostics rows all in memory, given the curve's summary; null when the denominators were not seen to fall.</summary>
    public static DenominatorFall? Of(IReadOnlyList<DiagnosticsRow> rows, CurveSummary summary)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.PlateauStep is null) return null;
        return DiagnosticsStory.Of(rows, summary).Fall((from, to) =>
            CurveAnalysis.Median(rows.Where(d => d.Step >= from && d.Step <= to).Select(d => d.GradNorm).ToArray()));
    }
}
