using System.Globalization;
using System.Text;
using OptimizerLab.Snapshots.Classification;

namespace OptimizerLab.Snapshots.Report;

/// <summary>
/// The moved snapshots of a run as one table: a headline counting curves by class, then one row per table line (f32
/// and f64 folded), grouped by cause, largest shape change first. Rendered as console text and as markdown.
/// </summary>
public sealed class SummaryTable(IReadOnlyList<PairMove> pairs)
{
    /// <summary>The column headings.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["case", "class", "first difference", "events moved", "final loss ×"];

    /// <summary>Groups in report order, each with its rows largest shape change first.</summary>
    public IReadOnlyList<(string Cause, IReadOnlyList<PairMove> Rows)> Groups { get; } = pairs
        .GroupBy(p => p.Cause)
        .OrderBy(g => ClassRank(g.Key.StartsWith(SnapshotClass.SpecChange, StringComparison.Ordinal) ? SnapshotClass.SpecChange : g.Key))
        .ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => (g.Key, (IReadOnlyList<PairMove>)g.OrderByDescending(p => p.ShapeChange).ThenByDescending(p => p.FinalLossOrder).ThenBy(p => p.Line, StringComparer.Ordinal).ToArray()))
        .ToArray();

    /// <summary>Number of curves (cases, not lines) that moved.</summary>
    public int Curves => pairs.Sum(p => p.Moves.Count());

    /// <summary>e.g. <c>45 curves moved: 45 arithmetic change (40 also dynamics change)</c>, or <c>No curve moved.</c></summary>
    public string Headline()
    {
        if (Curves == 0) return "No curve moved.";
        var moves = pairs.SelectMany(p => p.Moves).ToArray();
        var parts = SnapshotClass.ReportOrder
            .Select(c => (Class: c, Main: moves.Where(m => m.Classes[0] == c).ToArray()))
            .Where(x => x.Main.Length > 0)
            .Select(x =>
            {
                int withDynamics = x.Class == SnapshotClass.DynamicsChange ? 0 : x.Main.Count(m => m.Classes.Contains(SnapshotClass.DynamicsChange));
                return F($"{x.Main.Length} {x.Class}") + (withDynamics > 0 ? F($" ({withDynamics} also {SnapshotClass.DynamicsChange})") : "");
            });
        return F($"{Curves} curve{(Curves == 1 ? "" : "s")} moved: ") + string.Join(", ", parts);
    }

    /// <summary>The cells of one row.</summary>
    public static IReadOnlyList<string> Row(PairMove pair) =>
    [
        pair.Display,
        string.Join(" + ", pair.Classes),
        PerTwin(pair, m => m.First is { } f ? F($"step {f.Step}, {FirstDifference.UlpText(f.Ulps)}") : "none"),
        PerTwin(pair, m => m.Events.Count == 0 ? "none" : string.Join(", ", m.Events.Select(e =>
            $"{CurveEvents.Name(e.Key)} {Step(e.Before)}→{Step(e.After)}{(e.Beyond ? " (beyond)" : "")}"))),
        PerTwin(pair, m => Ratio(m.FinalLossRatio)),
    ];

    /// <summary>The block printed at the end of the snapshot tests' output.</summary>
    public string ConsoleText(string reportPath)
    {
        var text = new StringBuilder();
        text.Append("== Snapshot report: ").Append(Headline()).Append('\n');
        foreach (var (cause, rows) in Groups)
        {
            text.Append('\n').Append(F($"{cause} ({rows.Sum(r => r.Moves.Count())} curves)")).Append('\n');
            foreach (var pair in rows)
            {
                var cells = Row(pair);
                text.Append(F($"  {cells[0]}: {cells[1]}; first difference {cells[2]}; events {cells[3]}; final loss ×{cells[4]}")).Append('\n');
            }
        }

        if (Curves > 0)
        {
            text.Append('\n').Append(F($"Report with charts: {reportPath}")).Append('\n');
            text.Append("Review one at a time: dotnet run --project tests/Snapshots -- review   (accept '<glob>', reject)\n");
        }

        return text.ToString();
    }

    /// <summary>The same table as GitHub markdown, for the job summary and a pull request.</summary>
    public string Markdown()
    {
        var text = new StringBuilder();
        text.Append("### Snapshots: ").Append(Headline()).Append("\n\n");
        if (Curves == 0) return text.ToString();
        text.Append("| cause | ").Append(string.Join(" | ", Columns)).Append(" |\n");
        text.Append("|---|").Append(string.Concat(Columns.Select(_ => "---|"))).Append('\n');
        foreach (var (cause, rows) in Groups)
            foreach (var pair in rows)
                text.Append("| ").Append(Cell(cause)).Append(" | ").Append(string.Join(" | ", Row(pair).Select(Cell))).Append(" |\n");
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string PerTwin(PairMove pair, Func<CurveMove, string> cell) =>
        pair.Float32 is { } f32 && pair.Float64 is { } f64 ? $"f64 {cell(f64)}; f32 {cell(f32)}" : cell(pair.Moves.Single());

    private static string Step(int? step) => step?.ToString(CultureInfo.InvariantCulture) ?? "none";

    private static string Ratio(double ratio) => F($"{ratio:G3}");

    private static int ClassRank(string c) => SnapshotClass.ReportOrder.ToList().IndexOf(c);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
