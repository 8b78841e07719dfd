using System.Globalization;
using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Classification;

/// <summary>The first recorded step where the two curves differ, and by how much: ulps of the case's precision and relative.</summary>
public sealed record FirstDifference(int Step, double Expected, double Actual, double Ulps, double Relative)
{
    /// <summary>e.g. <c>step 3, 1 ulp</c> or <c>step 1, 6.3E+08 ulps (1.4E-07 relative)</c>.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"step {Step}, {UlpText(Ulps)} ({Relative:G2} relative)");

    /// <summary>A count of ulps as text: whole numbers below a million, else G2.</summary>
    public static string UlpText(double ulps) =>
        double.IsPositiveInfinity(ulps) ? "∞ ulps"
        : ulps < 1e6 ? string.Create(CultureInfo.InvariantCulture, $"{ulps:0} ulp{(ulps == 1 ? "" : "s")}")
        : string.Create(CultureInfo.InvariantCulture, $"{ulps:G2} ulps");
}

/// <summary>An event whose step changed, and whether the move is beyond the case's rounding sensitivity.</summary>
public sealed record EventMove(string Key, int? Before, int? After, EventEnvelope? Envelope, bool Beyond)
{
    /// <summary>e.g. <c>rebound 3100 → 3120 (sensitivity 3086–3122)</c>.</summary>
    public string Describe() =>
        $"{CurveEvents.Name(Key)} {CurveSnapshot.FormatOptional(Before)} → {CurveSnapshot.FormatOptional(After)}" +
        (Envelope is null ? " (sensitivity not measured)" : $" (sensitivity {Envelope.Describe()})");

    /// <summary>Steps moved; an event that appeared or vanished counts as the whole run.</summary>
    public int Size(int steps) => Before is int b && After is int a ? Math.Abs(a - b) : steps;
}

/// <summary>What moved in one case, its classes and the one line that explains them.</summary>
/// <param name="Name">The case.</param>
/// <param name="Classes">One or two of <see cref="SnapshotClass"/>'s names, the main one first.</param>
/// <param name="Explanation">One line that starts with the classes and says why.</param>
/// <param name="SpecChanges">Run-spec lines that changed, as <c>key before → after</c>.</param>
/// <param name="SpecExplains">True: the verified options reproduce the verified curve with today's code, so the spec change is the whole move; false: it is not; null: not checked.</param>
/// <param name="First">Where the curves part, or null when every recorded loss is equal.</param>
/// <param name="Events">The events that moved (inside or beyond the sensitivity).</param>
/// <param name="FinalLossRatio">Received final loss over verified final loss.</param>
/// <param name="ShapeChange">How much the curve's shape moved, for ordering: the steps moved by events beyond the sensitivity.</param>
/// <param name="Steps">The run's length.</param>
public sealed record CurveMove(
    string Name,
    IReadOnlyList<string> Classes,
    string Explanation,
    IReadOnlyList<string> SpecChanges,
    bool? SpecExplains,
    FirstDifference? First,
    IReadOnlyList<EventMove> Events,
    double FinalLossRatio,
    int ShapeChange,
    int Steps)
{
    /// <summary>The classes joined, e.g. <c>arithmetic change + dynamics change</c>.</summary>
    public string ClassText => string.Join(" + ", Classes);

    /// <summary>True for a float32 case.</summary>
    public bool IsFloat32 => Name.EndsWith(".f32", StringComparison.Ordinal);
}
