using System.Text;

namespace OptimizerLab.Plots.Html;

/// <summary>
/// A self-contained HTML page built in order: headings, paragraphs, tables, preformatted text and PNG images embedded
/// as data URIs, with one inline stylesheet and no scripts, so the file opens anywhere without a network (a CI artifact,
/// a browser from a mail). Every text is escaped; only <see cref="Raw"/> inserts markup as it is. Void elements are self-closed, so the
/// page also parses as XML (tests check a page that way, without a browser).
/// </summary>
public sealed class HtmlPage(string title)
{
    /// <summary>The stylesheet of every page: readable tables, images no wider than the page.</summary>
    public const string Stylesheet =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#1b1b1b;line-height:1.45}" +
        "h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}h3{font-size:1.05em}" +
        "table{border-collapse:collapse;margin:.8em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}" +
        "th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}" +
        "pre,code{font-family:ui-monospace,Consolas,monospace;font-size:.9em}pre{background:#f7f7f7;padding:.6em;overflow-x:auto}" +
        "img{max-width:100%;height:auto;border:1px solid #eee}";

    private readonly StringBuilder _body = new();

    /// <summary>The page's title (also its first heading).</summary>
    public string Title { get; } = title;

    /// <summary>A heading of level 1–6.</summary>
    public HtmlPage Heading(int level, string text, string? id = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 6);
        string anchor = id is null ? "" : $" id=\"{HtmlText.Escape(id)}\"";
        _body.Append($"<h{level}{anchor}>").Append(HtmlText.Escape(text)).Append($"</h{level}>\n");
        return this;
    }

    /// <summary>A paragraph of plain text.</summary>
    public HtmlPage Paragraph(string text)
    {
        _body.Append("<p>").Append(HtmlText.Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Preformatted text (console output, a command).</summary>
    public HtmlPage Preformatted(string text)
    {
        _body.Append("<pre>").Append(HtmlText.Escape(text)).Append("</pre>\n");
        return this;
    }

    /// <summary>A table with a header row; cells that parse as numbers are right-aligned.</summary>
    public HtmlPage Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table>\n<thead><tr>");
        foreach (string header in headers) _body.Append("<th>").Append(HtmlText.Escape(header)).Append("</th>");
        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
                throw new ArgumentException($"A table row has {row.Count} cells but the table has {headers.Count} columns.", nameof(rows));
            _body.Append("<tr>");
            foreach (string cell in row)
            {
                bool number = double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
                _body.Append(number ? "<td class=\"num\">" : "<td>").Append(HtmlText.Escape(cell)).Append("</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>A PNG image embedded as a data URI, with its alternative text.</summary>
    public HtmlPage Image(ReadOnlySpan<byte> png, string alt)
    {
        _body.Append("<p><img alt=\"").Append(HtmlText.Escape(alt)).Append("\" src=\"").Append(DataUri(png)).Append("\"/></p>\n");
        return this;
    }

    /// <summary>Markup inserted as it is; the caller escapes any text in it.</summary>
    public HtmlPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    /// <summary>A PNG as a <c>data:image/png;base64,…</c> URI.</summary>
    public static string DataUri(ReadOnlySpan<byte> png) => "data:image/png;base64," + Convert.ToBase64String(png);

    /// <summary>The whole document.</summary>
    public string Render() =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n" +
        $"<title>{HtmlText.Escape(Title)}</title>\n<style>{Stylesheet}</style>\n</head>\n<body>\n" +
        $"<h1>{HtmlText.Escape(Title)}</h1>\n" + _body + "</body>\n</html>\n";

    /// <summary>Writes the document as UTF-8 (no BOM) to <paramref name="path"/>, atomically.</summary>
    public void Save(string path)
    {
        using var file = Data.AtomicFile.Create(path);
        file.Stream.Write(new UTF8Encoding(false).GetBytes(Render()));
        file.Commit();
    }
}
