using System.Runtime.CompilerServices;

namespace OptimizerLab.Docs.Tests;

/// <summary>The documentation under test: README.md and every page in docs/ (not the generated docs/mutation/ lists).</summary>
public static class DocFiles
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));

    /// <summary>Paths relative to <see cref="Root"/>, with '/' separators, README first, then docs/ in ordinal order.</summary>
    public static IReadOnlyList<string> All { get; } =
        new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal))
            .ToList();

    public static IReadOnlyList<MarkdownDoc> Parsed { get; } = All.Select(MarkdownDoc.Load).ToList();

    public static string FullPath(string relative) => Path.Combine(Root, relative);

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
