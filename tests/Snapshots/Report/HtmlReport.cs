using System.Globalization;
using OptimizerLab.Plots.Html;
using OptimizerLab.Snapshots.Classification;
using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Report;

/// <summary>A moved case with its two files, as the report needs them.</summary>
public sealed record MovedCase(CurveMove Move, CurveSnapshot Verified, CurveSnapshot Received);

/// <summary>
/// The self-contained <c>snapshot-report.html</c>: the summary table, then per moved case its class and why, the spec
/// change, the first differing step and its size in ulps, the event moves, the final-loss ratio and the two panels
/// (charts embedded as data URIs: the file opens without a network, e.g. from a CI artifact).
/// </summary>
public static class HtmlReport
{
    /// <summary>The page.</summary>
    public static HtmlPage Build(IReadOnlyList<PairMove> pairs, IReadOnlyDictionary<string, MovedCase> cases)
    {
        var table = new SummaryTable(pairs);
        var page = new HtmlPage("Snapshot report").Paragraph(table.Headline());
        if (table.Curves == 0) return page;
        page.Table(["cause", .. SummaryTable.Columns], table.Groups.SelectMany(g => g.Rows.Select(r => (IReadOnlyList<string>)[g.Cause, .. SummaryTable.Row(r)])));
        foreach (var (cause, rows) in table.Groups)
        {
            page.Heading(2, cause);
            foreach (var pair in rows)
            {
                foreach (var move in pair.Moves)
                {
                    var moved = cases[move.Name];
                    page.Heading(3, $"{move.Name}: {move.ClassText}", id: move.Name);
                    page.Paragraph(move.Explanation);
                    page.Table(["what", "value"],
                    [
                        ["class", move.ClassText],
                        ["spec change", move.SpecChanges.Count == 0 ? "none" : string.Join(", ", move.SpecChanges)],
                        ["first differing step", move.First is { } f ? f.Step.ToString(CultureInfo.InvariantCulture) : "none"],
                        ["its size", move.First is { } g ? $"{FirstDifference.UlpText(g.Ulps)} ({g.Relative.ToString("G2", CultureInfo.InvariantCulture)} relative)" : "none"],
                        ["event moves", move.Events.Count == 0 ? "none" : string.Join("; ", move.Events.Select(e => e.Describe() + (e.Beyond ? ": beyond" : ": inside")))],
                        ["final-loss ratio", move.FinalLossRatio.ToString("G3", CultureInfo.InvariantCulture)],
                    ]);
                    page.Image(DifferenceChart.Overlay(move.Name, moved.Verified, moved.Received), $"{move.Name}: verified and received loss curves");
                    page.Image(DifferenceChart.Difference(move.Name, moved.Verified, moved.Received, move.IsFloat32), $"{move.Name}: log10 relative difference per step");
                }
            }
        }

        return page;
    }
}
