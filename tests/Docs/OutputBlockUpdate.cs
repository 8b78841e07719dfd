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
        bool rewritten = false;
        RewritePage(documented.File, text =>
        {
            string old = "```text\n" + documented.Content + "\n```";
            int at = text.IndexOf(old, StringComparison.Ordinal);
            if (at < 0 || text.IndexOf(old, at + 1, StringComparison.Ordinal) >= 0) return text;
            rewritten = true;
            string now = "```text\n" + printed.ReplaceLineEndings("\n").TrimEnd('\n') + "\n```";
            return text[..at] + now + text[(at + old.Length)..];
        });
        return rewritten;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the page as it is on disk now, under one lock: tests that rewrite pages run in
    /// parallel (output blocks, generated figures), and each must start from the others' rewrites, not from the text
    /// parsed at start-up.
    /// </summary>
    public static void RewritePage(string file, Func<string, string> change)
    {
        lock (PageLock)
        {
            string path = DocFiles.FullPath(file);
            string text = File.ReadAllText(path).ReplaceLineEndings("\n");
            string now = change(text);
            if (now != text) File.WriteAllText(path, now);
        }
    }
}
