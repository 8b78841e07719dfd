namespace OptimizerLab.Docs.Tests;

/// <summary>
/// Compares what a block printed with what its doc shows. A documented line that is exactly <c>[...]</c> stands for any
/// number of printed lines (an excerpt); every other line must be printed as shown, in order, and the first and last
/// documented lines must be the first and last printed ones unless <c>[...]</c> stands there. Trailing spaces and a
/// trailing newline do not count.
/// </summary>
public static class OutputMatch
{
    public const string Elision = "[...]";

    /// <summary>Null when <paramref name="printed"/> matches <paramref name="documented"/>; else the first mismatch in words.</summary>
    public static string? Mismatch(string documented, string printed)
    {
        var want = Lines(documented);
        var got = Lines(printed);
        return Match(want, 0, got, 0) ? null : Describe(want, got);
    }

    private static string[] Lines(string text) =>
        text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToArray();

    private static bool Match(string[] want, int w, string[] got, int g)
    {
        while (true)
        {
            if (w == want.Length) return g == got.Length;
            if (want[w] == Elision)
            {
                // The elision takes 0, 1, 2, … lines; the documented excerpts are short, so trying each start is cheap.
                for (int skip = g; skip <= got.Length; skip++)
                    if (Match(want, w + 1, got, skip)) return true;
                return false;
            }

            if (g == got.Length || want[w] != got[g]) return false;
            w++;
            g++;
        }
    }

    private static string Describe(string[] want, string[] got)
    {
        var printed = new HashSet<string>(got, StringComparer.Ordinal);
        string? missing = want.FirstOrDefault(l => l != Elision && !printed.Contains(l));
        string first = missing is null
            ? "every documented line is printed, but not in this order or not with these ends (an excerpt needs a [...] line)"
            : $"the documented line \"{missing}\" is not printed";
        return $"{first}.\n--- printed now ---\n{string.Join('\n', got)}\n--- documented ---\n{string.Join('\n', want)}";
    }
}
