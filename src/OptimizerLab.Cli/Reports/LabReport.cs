using OptimizerLab.Lab;
using OptimizerLab.Plots.Html;

namespace OptimizerLab.Cli.Reports;

/// <summary>A table of a report: its column headers and rows of cells, as the text output shows them.</summary>
internal sealed record ReportTable(string Caption, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>
/// The lab report page every command writes beside its CSV and charts (<c>report.html</c>): self-contained (charts
/// embedded as data URIs, one inline stylesheet, no scripts, no network), so it can be mailed or kept as a CI artifact.
/// It holds what the command printed — the question's table, the tables of runs or settings, each run's verdict and the
/// explanation — and the charts.
/// </summary>
internal static class LabReport
{
    public const string FileName = "report.html";

    /// <param name="folder">Where to write report.html; the charts are read from it.</param>
    /// <param name="title">The page's title.</param>
    /// <param name="intro">One paragraph: what was run.</param>
    /// <param name="questionLines">The loss printed the way the question printed it, or empty.</param>
    /// <param name="tables">Tables in order (the runs, or the sweep's grid).</param>
    /// <param name="runs">Runs whose verdicts are listed (all of them for a run or the seed question; none for a sweep).</param>
    /// <param name="explanation">The explanation's sentences.</param>
    /// <param name="charts">PNG file names in <paramref name="folder"/>, with the text that describes each.</param>
    public static string Write(OutputFolder folder, string title, string intro, IReadOnlyList<string> questionLines, IReadOnlyList<ReportTable> tables,
        IReadOnlyList<RunResult> runs, IReadOnlyList<string> explanation, IReadOnlyList<(string File, string Alt)> charts)
    {
        var page = new HtmlPage(title).Paragraph(intro);
        if (questionLines.Count > 0)
        {
            page.Heading(2, "The loss, as the question printed it: (step, loss)");
            page.Preformatted(string.Join('\n', questionLines));
        }

        foreach (var table in tables)
        {
            page.Heading(2, table.Caption);
            page.Table(table.Headers, table.Rows);
        }

        if (runs.Count > 0)
        {
            page.Heading(2, "Verdicts");
            page.Table(["run", "verdict"], runs.Select(r => (IReadOnlyList<string>)[r.Spec.Label, Verdict.For(r)]));
        }

        if (explanation.Count > 0)
        {
            page.Heading(2, "Why");
            foreach (string sentence in explanation) page.Paragraph(sentence);
        }

        if (charts.Count > 0)
        {
            page.Heading(2, "Charts");
            foreach (var (file, alt) in charts) page.Image(File.ReadAllBytes(folder.File(file)), alt);
        }

        string path = folder.File(FileName);
        page.Save(path);
        return path;
    }
}
