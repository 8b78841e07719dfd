namespace OptimizerLab.Docs.Tests;

/// <summary>
/// <c>DOCS_UPDATE=1</c>: a documented output block that no longer matches is rewritten with what the command prints now,
/// when the block is whole (no <c>[...]</c> excerpt line) and its text occurs once in its page; an excerpt is left for a
/// person to edit. The test still fails on that run, so a rewrite is always seen and reviewed in the diff.
/// </summary>
public static class OutputBlockUpdate
{
    private static readonly object PageLock = new();

    public static bool Requested => Environment.GetEnvironmentVariable("DOCS_UPDATE") == "1";

    /// <summary>Rewrites <paramref name="documented"/> with <paramref name="printed"/> if allowed; true when it did.</summary>
    public static bool TryRewrite(CodeBlock documented, string printed)
    {
        if (!Requested || documented.Content.Split('\n').Any(l => l.TrimEnd() == OutputMatch.Elision)) return false;
        lock (PageLock)
        {
            string path = DocFiles.FullPath(documented.File);
            string text = File.ReadAllText(path).ReplaceLineEndings("\n");
            string old = "```text\n" + documented.Content + "\n```";
            int at = text.IndexOf(old, StringComparison.Ordinal);
            if (at < 0 || text.IndexOf(old, at + 1, StringComparison.Ordinal) >= 0) return false;
            string now = "```text\n" + printed.ReplaceLineEndings("\n").TrimEnd('\n') + "\n```";
            File.WriteAllText(path, text[..at] + now + text[(at + old.Length)..]);
            return true;
        }
    }
}
