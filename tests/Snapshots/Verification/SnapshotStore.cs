using System.Reflection;
using System.Text;

namespace OptimizerLab.Snapshots.Verification;

/// <summary>
/// The folder of snapshots and Verify's file conventions in it: <c>{name}.verified.txt</c> (committed, LF line ends),
/// <c>{name}.received.txt</c> and <c>{name}.received.png</c> (written on a mismatch, git-ignored).
/// </summary>
/// <param name="directory">The folder of the snapshot files.</param>
/// <param name="displayRoot">Paths in messages are shown relative to this folder (the repository root), when under it.</param>
public sealed class SnapshotStore(string directory, string? displayRoot = null)
{
    /// <summary>Suffix of a reviewed, committed snapshot.</summary>
    public const string VerifiedSuffix = ".verified.txt";

    /// <summary>Suffix of a snapshot a failing run produced.</summary>
    public const string ReceivedSuffix = ".received.txt";

    /// <summary>Suffix of the overlay chart written next to a received snapshot.</summary>
    public const string ChartSuffix = ".received.png";

    /// <summary>The command that accepts received snapshots (all, or those named or matched by globs after it).</summary>
    public const string AcceptCommand = "dotnet run --project tests/Snapshots -- accept";

    /// <summary>The command that lists verified snapshots no case produces any more.</summary>
    public const string OrphansCommand = "dotnet run --project tests/Snapshots -- orphans";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The snapshot folder of this project (<c>tests/Snapshots/Curves</c>), recorded at build time.</summary>
    public static SnapshotStore Default { get; } = CreateDefault();

    /// <summary>The folder.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary><paramref name="path"/> relative to the display root (e.g. <c>tests/Snapshots/Curves/x.received.txt</c>), else as it is.</summary>
    public string Display(string path)
    {
        if (displayRoot is null) return path;
        string relative = Path.GetRelativePath(displayRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }

    /// <summary>Path of the verified snapshot of a case.</summary>
    public string VerifiedPath(string name) => Path.Combine(Directory, name + VerifiedSuffix);

    /// <summary>Path of the received snapshot of a case.</summary>
    public string ReceivedPath(string name) => Path.Combine(Directory, name + ReceivedSuffix);

    /// <summary>Path of the overlay chart of a case.</summary>
    public string ChartPath(string name) => Path.Combine(Directory, name + ChartSuffix);

    /// <summary>The verified text of a case, or null when there is none yet (CR LF read as LF).</summary>
    public string? ReadVerified(string name) =>
        File.Exists(VerifiedPath(name)) ? File.ReadAllText(VerifiedPath(name), Utf8).Replace("\r\n", "\n", StringComparison.Ordinal) : null;

    /// <summary>Writes the verified snapshot of a case (UTF-8 without BOM, LF).</summary>
    public void WriteVerified(string name, string text) => Write(VerifiedPath(name), text);

    /// <summary>Writes the received snapshot of a case.</summary>
    public void WriteReceived(string name, string text) => Write(ReceivedPath(name), text);

    /// <summary>Removes a case's received snapshot and chart (after it matched, they are stale).</summary>
    public void DeleteReceived(string name)
    {
        File.Delete(ReceivedPath(name));
        File.Delete(ChartPath(name));
    }

    /// <summary>Names of all verified snapshots in the folder, sorted.</summary>
    public IReadOnlyList<string> VerifiedNames() => Names(VerifiedSuffix);

    /// <summary>Names of all received snapshots in the folder, sorted.</summary>
    public IReadOnlyList<string> ReceivedNames() => Names(ReceivedSuffix);

    /// <summary>
    /// Makes every received snapshot the verified one (and removes its chart); returns the names accepted. This is the
    /// whole of "accept": the received file is exactly what the test would have written as verified.
    /// </summary>
    public IReadOnlyList<string> AcceptAll()
    {
        var accepted = ReceivedNames();
        foreach (string name in accepted)
        {
            File.Move(ReceivedPath(name), VerifiedPath(name), overwrite: true);
            File.Delete(ChartPath(name));
        }

        return accepted;
    }

    /// <summary>Makes the named received snapshots the verified ones (and removes their charts).</summary>
    public void Accept(IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            File.Move(ReceivedPath(name), VerifiedPath(name), overwrite: true);
            File.Delete(ChartPath(name));
        }
    }

    /// <summary>Deletes the named received snapshots and their charts; the verified files stay as they are.</summary>
    public void Reject(IEnumerable<string> names)
    {
        foreach (string name in names) DeleteReceived(name);
    }

    /// <summary>
    /// The received snapshots whose name matches any of <paramref name="patterns"/> (<c>*</c> any run of characters,
    /// <c>?</c> one; no pattern: all), sorted.
    /// </summary>
    public IReadOnlyList<string> MatchReceived(IReadOnlyCollection<string> patterns)
    {
        var regexes = patterns.Select(p => new System.Text.RegularExpressions.Regex(
            "^" + System.Text.RegularExpressions.Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$")).ToArray();
        return ReceivedNames().Where(name => regexes.Length == 0 || regexes.Any(r => r.IsMatch(name))).ToArray();
    }

    /// <summary>Verified snapshots whose name no case in <paramref name="caseNames"/> produces.</summary>
    public IReadOnlyList<string> Orphans(IEnumerable<string> caseNames)
    {
        var produced = caseNames.ToHashSet(StringComparer.Ordinal);
        return VerifiedNames().Where(name => !produced.Contains(name)).ToArray();
    }

    private static SnapshotStore CreateDefault()
    {
        string directory = typeof(SnapshotStore).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SnapshotDirectory").Value
            ?? throw new InvalidOperationException("The test assembly does not record its snapshot directory.");
        // tests/Snapshots/Curves → the repository root, three levels up.
        string root = Path.GetFullPath(Path.Combine(directory, "..", "..", ".."));
        return new SnapshotStore(directory, root);
    }

    private IReadOnlyList<string> Names(string suffix) =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*" + suffix)
                .Select(path => Path.GetFileName(path)[..^suffix.Length])
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];

    private void Write(string path, string text)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(path, text, Utf8);
    }
}
