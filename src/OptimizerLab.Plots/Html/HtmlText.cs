using System.Text;

namespace OptimizerLab.Plots.Html;

/// <summary>Escaping for text placed in HTML content or in a double-quoted attribute.</summary>
public static class HtmlText
{
    /// <summary><paramref name="text"/> with <c>&amp; &lt; &gt; " '</c> replaced by entities, safe in content and in quoted attributes.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
