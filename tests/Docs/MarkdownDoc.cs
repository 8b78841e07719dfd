namespace OptimizerLab.Docs.Tests;

/// <summary>A fenced code block of a Markdown page.</summary>
/// <param name="File">The page, relative to the repository root.</param>
/// <param name="Line">1-based line of the block's first content line.</param>
/// <param name="Info">The fence's info string ("csharp", "sh", "text", or empty).</param>
/// <param name="Content">The lines between the fences, joined with '\n'.</param>
/// <param name="NotRunReason">The reason of a <c>&lt;!-- not run: reason --&gt;</c> comment on the line before the fence, or null.</param>
/// <param name="Output">The <c>text</c> block right after this one (only blank lines between): what running it prints.</param>
public sealed record CodeBlock(string File, int Line, string Info, string Content, string? NotRunReason, CodeBlock? Output)
{
    public string Where => $"{File}:{Line}";

    public override string ToString() => Where;
}

/// <summary>A Markdown page split into its fenced code blocks.</summary>
public sealed record MarkdownDoc(string File, string Text, IReadOnlyList<CodeBlock> Blocks)
{
    private const string NotRunPrefix = "<!-- not run:";

    public static MarkdownDoc Load(string relativePath)
    {
        string text = System.IO.File.ReadAllText(DocFiles.FullPath(relativePath)).ReplaceLineEndings("\n");
        return new MarkdownDoc(relativePath, text, Parse(relativePath, text));
    }

    public static IReadOnlyList<CodeBlock> Parse(string file, string text)
    {
        var lines = text.Split('\n');
        var raw = new List<(int Open, int Close, string Info)>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            int close = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            if (close < 0) throw new InvalidDataException($"{file}:{i + 1}: a code fence is never closed.");
            raw.Add((i, close, lines[i][3..].Trim()));
            i = close;
        }

        // Build from the last block backwards, so each block can point at the text block that follows it.
        var blocks = new CodeBlock[raw.Count];
        for (int k = raw.Count - 1; k >= 0; k--)
        {
            var (open, close, info) = raw[k];
            string content = string.Join('\n', lines[(open + 1)..close]);
            string? reason = NotRunReasonBefore(lines, open);
            CodeBlock? output = null;
            if (k + 1 < raw.Count && raw[k + 1].Info == "text" && lines[(close + 1)..raw[k + 1].Open].All(string.IsNullOrWhiteSpace))
                output = blocks[k + 1];
            blocks[k] = new CodeBlock(file, open + 2, info, content, reason, output);
        }

        return blocks;
    }

    private static string? NotRunReasonBefore(string[] lines, int fence)
    {
        int i = fence - 1;
        while (i >= 0 && string.IsNullOrWhiteSpace(lines[i])) i--;
        if (i < 0) return null;
        string line = lines[i].Trim();
        if (!line.StartsWith(NotRunPrefix, StringComparison.Ordinal) || !line.EndsWith("-->", StringComparison.Ordinal)) return null;
        return line[NotRunPrefix.Length..^3].Trim();
    }
}
