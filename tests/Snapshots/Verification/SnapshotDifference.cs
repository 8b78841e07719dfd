using System.Globalization;
using System.Text;
using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Verification;

/// <summary>A header line whose value changed (or appeared, or vanished: null on that side).</summary>
public sealed record HeaderChange(string Key, string? Expected, string? Actual);

/// <summary>The loss at one step in the verified and the received curve, and how far apart they are.</summary>
/// <param name="Step">The recorded step.</param>
/// <param name="Expected">Verified loss.</param>
/// <param name="Actual">Received loss.</param>
/// <param name="RelativeDifference">|actual − expected| / min(|actual|, |expected|), see <see cref="SnapshotComparison.RelativeDifference"/>.</param>
public sealed record PointChange(int Step, double Expected, double Actual, double RelativeDifference);

/// <summary>
/// Everything that moved between a verified and a received snapshot, and the failure message that says it in a few lines.
/// </summary>
public sealed record SnapshotDifference(
    int LinesDiffering,
    int LinesCompared,
    IReadOnlyList<HeaderChange> SpecChanges,
    IReadOnlyList<HeaderChange> SummaryChanges,
    HeaderChange? VerdictChange,
    PointChange? FirstCurveDifference,
    PointChange? LargestCurveDifference,
    PointChange? FirstLrDifference,
    int StepsDiffering,
    int StepsCompared,
    IReadOnlyList<int> StepsOnlyOnOneSide)
{
    /// <summary>True when nothing differs.</summary>
    public bool IsEmpty => LinesDiffering == 0;

    private const int MaxChangesListed = 6;

    /// <summary>The failure message: what changed, where the curves part, by how much, and what it means.</summary>
    public string Describe(string name, string receivedPath, string? chartPath, string acceptCommand)
    {
        var text = new StringBuilder();
        text.Append(F($"Snapshot {name} changed: {LinesDiffering} of {LinesCompared} lines differ.")).Append('\n');
        if (VerdictChange is { } verdict)
            text.Append(F($"  Meaning: was \"{verdict.Expected ?? "(none)"}\"; now \"{verdict.Actual ?? "(none)"}\".")).Append('\n');
        if (SummaryChanges.Count > 0)
            text.Append("  Summary: ").Append(List(SummaryChanges, ShortKey)).Append('.').Append('\n');
        else
            text.Append("  Summary: unchanged (plateau, rebound and prediction as verified).\n");
        if (SpecChanges.Count > 0)
            text.Append("  Run spec: ").Append(List(SpecChanges, k => k)).Append('.').Append('\n');
        if (FirstCurveDifference is { } first)
        {
            text.Append(F($"  Curves first differ at step {first.Step}: expected {CurveSnapshot.FormatNumber(first.Expected)}, actual {CurveSnapshot.FormatNumber(first.Actual)} (relative difference {Relative(first.RelativeDifference)})."))
                .Append('\n');
        }

        if (LargestCurveDifference is { } largest)
        {
            text.Append(F($"  Largest relative difference {Relative(largest.RelativeDifference)} at step {largest.Step} (expected {largest.Expected:G4}, actual {largest.Actual:G4}); {StepsDiffering} of {StepsCompared} recorded steps differ."))
                .Append('\n');
        }
        else if (StepsCompared > 0)
        {
            text.Append(F($"  The loss agrees at all {StepsCompared} recorded steps both snapshots have.")).Append('\n');
        }

        if (FirstLrDifference is { } lr)
        {
            text.Append(F($"  The learning rate first differs at step {lr.Step}: expected {CurveSnapshot.FormatNumber(lr.Expected)}, actual {CurveSnapshot.FormatNumber(lr.Actual)}."))
                .Append('\n');
        }

        if (StepsOnlyOnOneSide.Count > 0)
            text.Append(F($"  {StepsOnlyOnOneSide.Count} recorded steps are in only one snapshot (first: {StepsOnlyOnOneSide[0]}).")).Append('\n');
        text.Append(F($"  Received: {receivedPath}")).Append(chartPath is null ? "" : F($"; overlay chart: {chartPath}")).Append('\n');
        text.Append(F($"  If the change is intended, accept it: {acceptCommand}"));
        return text.ToString();
    }

    private static string ShortKey(string key) => key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];

    private static string List(IReadOnlyList<HeaderChange> changes, Func<string, string> name)
    {
        var parts = changes.Take(MaxChangesListed)
            .Select(c => F($"{name(c.Key)} {Pair(c.Expected, c.Actual)}"))
            .ToList();
        if (changes.Count > MaxChangesListed) parts.Add(F($"and {changes.Count - MaxChangesListed} more"));
        return string.Join(", ", parts);
    }

    // "before → after", numbers at 4 significant digits (the file keeps all of them) unless that hides the change.
    private static string Pair(string? expected, string? actual)
    {
        string before = Short(expected, "G4"), after = Short(actual, "G4");
        if (before == after) (before, after) = (Short(expected, "R"), Short(actual, "R"));
        return $"{before} → {after}";
    }

    private static string Short(string? value, string format) =>
        value is null ? "(absent)"
        : value.Length == 0 ? "(empty)"
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && value.Length > 8
            ? number.ToString(format, CultureInfo.InvariantCulture)
            : value;

    private static string Relative(double value) =>
        double.IsPositiveInfinity(value) ? "∞" : value.ToString("G2", CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
