namespace OptimizerLab.Cli;

/// <summary>"Did you mean …" for a mistyped command, option or catalog name: the known names closest in edit distance.</summary>
internal static class Suggestions
{
    /// <summary>
    /// "; did you mean 'adam'?" (or "'a' or 'b'" on a tie), or "" when no known name is close: within an edit distance of
    /// a third of the typed length (at least 1, at most 3; a swap of two neighbours counts as one edit), or starting with
    /// what was typed (3 characters or more). Case is ignored; leading dashes of options are compared too.
    /// </summary>
    public static string DidYouMean(string typed, IEnumerable<string> known)
    {
        var closest = Closest(typed, known);
        return closest.Count == 0 ? "" : $"; did you mean {string.Join(" or ", closest.Select(n => $"'{n}'"))}?";
    }

    /// <summary>
    /// <see cref="DidYouMean"/> ending a sentence that goes on: "; did you mean 'adam'? " or ". ", so that
    /// $"unknown optimizer 'adma'{Sentence(…)}Known: …" reads right either way.
    /// </summary>
    public static string Sentence(string typed, IEnumerable<string> known)
    {
        string suggestion = DidYouMean(typed, known);
        return suggestion.Length == 0 ? ". " : suggestion + " ";
    }

    /// <summary>The known names closest to <paramref name="typed"/> (see <see cref="DidYouMean"/>), in their given order.</summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known)
    {
        string input = typed.Trim().ToLowerInvariant();
        if (input.Length == 0) return [];
        int allowed = Math.Clamp(input.TrimStart('-').Length / 3, 1, 3);
        var scored = known.Distinct(StringComparer.Ordinal)
            .Select(name => (Name: name, Distance: Distance(input, name.ToLowerInvariant())))
            .Where(s => s.Distance <= allowed || (input.TrimStart('-').Length >= 3 && s.Name.StartsWith(input, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        if (scored.Length == 0) return [];
        int best = scored.Min(s => s.Distance);
        return scored.Where(s => s.Distance == best).Select(s => s.Name).ToArray();
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
