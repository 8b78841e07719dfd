using System.Collections.Concurrent;
using OptimizerLab.Snapshots.Classification;
using OptimizerLab.Snapshots.Format;
using OptimizerLab.Snapshots.Verification;

namespace OptimizerLab.Snapshots.Report;

/// <summary>
/// The moved snapshots of one test run, collected by the pair tests (which run on several threads) and written once at
/// the end of the run: the console block, the GitHub job summary and <c>snapshot-report.html</c>.
/// </summary>
public static class RunReport
{
    private static readonly ConcurrentDictionary<string, PairMove> Pairs = new();
    private static readonly ConcurrentDictionary<string, MovedCase> Cases = new();
    private static int _checkedLines;

    /// <summary>Where the HTML report goes: beside the snapshots' folder, git-ignored.</summary>
    public static string HtmlPath(SnapshotStore store) => Path.Combine(Path.GetDirectoryName(store.Directory)!, "snapshot-report.html");

    /// <summary>Records a checked line: its move, or null when neither twin moved.</summary>
    public static void Record(PairMove? pair, IEnumerable<MovedCase> cases)
    {
        Interlocked.Increment(ref _checkedLines);
        if (pair is null) return;
        Pairs[pair.Line] = pair;
        foreach (var moved in cases) Cases[moved.Move.Name] = moved;
    }

    /// <summary>
    /// Writes the three forms when any line was checked in this run (a run of only the machinery tests writes nothing);
    /// returns the console block, or null.
    /// </summary>
    public static string? Finish(SnapshotStore store, Func<string, string?> environment)
    {
        if (Volatile.Read(ref _checkedLines) == 0) return null;
        var pairs = Pairs.Values.ToArray();
        var table = new SummaryTable(pairs);
        string html = HtmlPath(store);
        HtmlReport.Build(pairs, Cases).Save(html);
        if (environment("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary) File.AppendAllText(summary, table.Markdown() + "\n");
        return table.ConsoleText(store.Display(html));
    }

    /// <summary>The moves between every received snapshot in <paramref name="store"/> and its verified file, judged in pairs.</summary>
    public static IReadOnlyList<(PairMove Pair, IReadOnlyList<MovedCase> Cases)> FromFiles(SnapshotStore store, IEnumerable<string>? names = null)
    {
        var received = (names ?? store.ReceivedNames()).Where(n => File.Exists(store.VerifiedPath(n))).ToHashSet(StringComparer.Ordinal);
        var result = new List<(PairMove, IReadOnlyList<MovedCase>)>();
        foreach (var line in received.Select(LineOf).Distinct().Order(StringComparer.Ordinal))
        {
            (CurveSnapshot, CurveSnapshot)? Twin(string suffix) =>
                received.Contains(line + suffix)
                    ? (CurveSnapshot.Parse(store.ReadVerified(line + suffix)!), CurveSnapshot.Parse(File.ReadAllText(store.ReceivedPath(line + suffix))))
                    : null;
            var f32 = Twin(".f32");
            // A name without a precision suffix is judged on its own, as a float64 case would be.
            bool single = received.Contains(line);
            var f64 = single ? Twin("") : Twin(".f64");
            var pair = PairMove.Judge(line, f32, f64, float64Name: single ? line : null);
            var cases = new List<MovedCase>();
            if (pair.Float32 is { } m32) cases.Add(new MovedCase(m32, f32!.Value.Item1, f32.Value.Item2));
            if (pair.Float64 is { } m64) cases.Add(new MovedCase(m64, f64!.Value.Item1, f64.Value.Item2));
            result.Add((pair, cases));
        }

        return result;
    }

    /// <summary>The table line of a case name: without its <c>.f32</c>/<c>.f64</c> suffix.</summary>
    public static string LineOf(string name) =>
        name.EndsWith(".f32", StringComparison.Ordinal) || name.EndsWith(".f64", StringComparison.Ordinal) ? name[..^4] : name;
}
