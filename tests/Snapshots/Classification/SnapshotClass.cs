namespace OptimizerLab.Snapshots.Classification;

/// <summary>The five classes of a moved snapshot, named exactly as tools and docs use them.</summary>
public static class SnapshotClass
{
    /// <summary>An option or default in the run spec moved.</summary>
    public const string SpecChange = "spec change";

    /// <summary>The curves first differ by a few ulps and every event stays inside the case's rounding sensitivity.</summary>
    public const string RoundingLevel = "rounding-level";

    /// <summary>The first difference is far above rounding (decided on the float64 twin when it moved too).</summary>
    public const string ArithmeticChange = "arithmetic change";

    /// <summary>
    /// The curve is the same to the bit; only the lab's reading of it changed (a forecast, a detected event, the
    /// verdict's wording): a change to the analysis, not to the optimizer.
    /// </summary>
    public const string AnalysisChange = "analysis change";

    /// <summary>An event moved beyond the rounding sensitivity, or a rebound appeared or vanished; combines with the others.</summary>
    public const string DynamicsChange = "dynamics change";

    /// <summary>The classes in the order a report groups them: the ones that need a reviewer's judgement first.</summary>
    public static IReadOnlyList<string> ReportOrder { get; } = [ArithmeticChange, DynamicsChange, SpecChange, AnalysisChange, RoundingLevel];
}
