using DiffEngine;
using OptimizerLab.Snapshots.Cases;
using OptimizerLab.Snapshots.Report;
using OptimizerLab.Snapshots.Verification;

namespace OptimizerLab.Snapshots;

/// <summary>
/// Snapshot review, run from the repository root (<c>dotnet run --project tests/Snapshots -- COMMAND</c>):
/// <c>accept [name|glob…]</c> makes received snapshots verified and prints their summary table as markdown;
/// <c>reject [name|glob…]</c> deletes received snapshots; <c>review</c> walks the moved snapshots one at a time;
/// <c>report FILE.html</c> writes the HTML report of the received snapshots; <c>orphans [--delete]</c> lists verified snapshots no case produces. <c>--dir FOLDER</c> (first) works on another
/// folder of snapshots. <c>dotnet test</c> does not use this entry point.
/// </summary>
public static class Program
{
    private const string Usage =
        "Usage: dotnet run --project tests/Snapshots -- [--dir FOLDER] accept [NAME|GLOB...] | reject [NAME|GLOB...] | review | report FILE.html | orphans [--delete]";

    /// <summary>Runs one command; exit code 0 on success, 2 on a usage error.</summary>
    public static int Main(string[] args)
    {
        var store = SnapshotStore.Default;
        if (args is ["--dir", var folder, .. var rest])
        {
            if (!Directory.Exists(folder))
            {
                Console.Error.WriteLine($"--dir: no folder '{folder}'.");
                return 2;
            }

            store = new SnapshotStore(folder, Directory.GetCurrentDirectory());
            args = rest;
        }

        switch (args)
        {
            case ["accept", .. var patterns]:
                return Accept(store, patterns);
            case ["reject", .. var patterns]:
                return Reject(store, patterns);
            case ["review"]:
                return Review(store, Console.In, Console.Out);
            case ["report", var path]:
            {
                var judged = RunReport.FromFiles(store);
                HtmlReport.Build(judged.Select(p => p.Pair).ToArray(), judged.SelectMany(p => p.Cases).ToDictionary(c => c.Move.Name)).Save(path);
                Console.WriteLine($"{new SummaryTable(judged.Select(p => p.Pair).ToArray()).Headline()} Report: {path}");
                return 0;
            }

            case ["orphans"] or ["orphans", "--delete"]:
                return Orphans(store, delete: args.Length == 2);
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static int Accept(SnapshotStore store, string[] patterns)
    {
        var names = store.MatchReceived(patterns);
        if (names.Count == 0) return Nothing(store, patterns);
        string markdown = new SummaryTable(RunReport.FromFiles(store, names).Select(p => p.Pair).ToArray()).Markdown();
        store.Accept(names);
        Console.WriteLine($"Accepted {names.Count} snapshot(s) in {store.Display(store.Directory)}: {string.Join(", ", names)}");
        Console.WriteLine();
        Console.Write(markdown);
        return 0;
    }

    private static int Reject(SnapshotStore store, string[] patterns)
    {
        var names = store.MatchReceived(patterns);
        if (names.Count == 0) return Nothing(store, patterns);
        store.Reject(names);
        Console.WriteLine($"Rejected {names.Count} snapshot(s) (received files deleted, verified files kept): {string.Join(", ", names)}");
        return 0;
    }

    private static int Nothing(SnapshotStore store, string[] patterns)
    {
        Console.Error.WriteLine(patterns.Length == 0
            ? $"No received snapshots in {store.Display(store.Directory)}."
            : $"No received snapshot in {store.Display(store.Directory)} matches {string.Join(" ", patterns.Select(p => $"'{p}'"))}.");
        return patterns.Length == 0 ? 0 : 2;
    }

    /// <summary>Walks the moved snapshots one at a time: accept, reject, skip, open (in the diff tool), quit.</summary>
    public static int Review(SnapshotStore store, TextReader input, TextWriter output)
    {
        var pairs = RunReport.FromFiles(store);
        var moves = pairs.SelectMany(p => p.Cases).ToArray();
        if (moves.Length == 0)
        {
            output.WriteLine($"No moved snapshots in {store.Display(store.Directory)}.");
            return 0;
        }

        int accepted = 0, rejected = 0, skipped = 0;
        for (int i = 0; i < moves.Length; i++)
        {
            string name = moves[i].Move.Name;
            output.WriteLine();
            output.WriteLine($"[{i + 1}/{moves.Length}] {name}");
            output.WriteLine($"  {moves[i].Move.Explanation}");
            output.WriteLine($"  verified: {store.Display(store.VerifiedPath(name))}  received: {store.Display(store.ReceivedPath(name))}");
            bool decided = false;
            while (!decided)
            {
                output.Write("  [a]ccept  [r]eject  [s]kip  [o]pen  [q]uit > ");
                output.Flush();
                char key = ReadKey(input);
                output.WriteLine(key);
                switch (key)
                {
                    case 'a':
                        store.Accept([name]);
                        output.WriteLine($"  accepted {name}");
                        accepted++;
                        decided = true;
                        break;
                    case 'r':
                        store.Reject([name]);
                        output.WriteLine($"  rejected {name} (received file deleted)");
                        rejected++;
                        decided = true;
                        break;
                    case 's':
                        skipped++;
                        decided = true;
                        break;
                    case 'o':
                        output.WriteLine("  " + Open(store, name));
                        break;
                    case 'q' or '\0':
                        skipped += moves.Length - i;
                        output.WriteLine($"Reviewed: {accepted} accepted, {rejected} rejected, {skipped} left.");
                        return 0;
                    default:
                        output.WriteLine("  press a, r, s, o or q");
                        break;
                }
            }
        }

        output.WriteLine($"Reviewed: {accepted} accepted, {rejected} rejected, {skipped} left.");
        return 0;
    }

    // One key from a terminal; from redirected input, the first character of the next line ('\0' at the end).
    private static char ReadKey(TextReader input)
    {
        if (ReferenceEquals(input, Console.In) && !Console.IsInputRedirected) return char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar);
        string? line = input.ReadLine();
        return line is null ? '\0' : line.Trim().Length == 0 ? ' ' : char.ToLowerInvariant(line.Trim()[0]);
    }

    // DiffEngine opens the user's diff tool; on build servers (CI=true) nothing is launched.
    private static string Open(SnapshotStore store, string name)
    {
        if (SnapshotVerifier.IsBuildServer(Environment.GetEnvironmentVariable))
            return $"CI=true: no diff tool is launched; compare {store.Display(store.VerifiedPath(name))} with {store.Display(store.ReceivedPath(name))}.";
        var result = DiffRunner.LaunchAsync(store.ReceivedPath(name), store.VerifiedPath(name)).GetAwaiter().GetResult();
        return $"diff tool: {result}";
    }

    private static int Orphans(SnapshotStore store, bool delete)
    {
        var orphans = store.Orphans(SnapshotCases.All.Select(c => c.Name));
        Console.WriteLine(orphans.Count == 0
            ? $"Every verified snapshot in {store.Display(store.Directory)} is produced by a case."
            : $"{orphans.Count} verified snapshot(s) no case produces{(delete ? " (deleted)" : "")}:");
        foreach (string name in orphans)
        {
            Console.WriteLine($"  {store.Display(store.VerifiedPath(name))}");
            if (delete) File.Delete(store.VerifiedPath(name));
        }

        return 0;
    }
}
