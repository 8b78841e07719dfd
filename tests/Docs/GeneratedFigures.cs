using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OptimizerLab.Docs.Tests;

/// <summary>
/// Figures the docs quote that the code determines, so they are written by a generator and never typed:
/// <c>&lt;!-- generated: NAME ARGS --&gt;VALUE&lt;!-- /generated --&gt;</c> (inline or spanning lines). A test
/// recomputes each one; <c>DOCS_UPDATE=1 dotnet test tests/Docs</c> rewrites them in place.
/// </summary>
public static partial class GeneratedFigures
{
    /// <summary>Each region of a page: its whole text, its generator with arguments, and the value it shows.</summary>
    public static IEnumerable<(Match Region, string Generator, string Shown)> Regions(string text) =>
        RegionPattern().Matches(text).Select(m => (m, m.Groups["name"].Value.Trim(), m.Groups["body"].Value));

    /// <summary>The value a generator gives now; multi-line values (tables) start and end with a newline.</summary>
    public static string Generate(string generator)
    {
        var words = generator.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["test-methods", var folder] => TestMethods(folder).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["test-methods-table"] => TestMethodsTable(),
            _ => throw new InvalidDataException($"unknown generator '{generator}' (known: test-methods FOLDER, test-methods-table)"),
        };
    }

    /// <summary>The page with every region regenerated.</summary>
    public static string Regenerate(string text) =>
        RegionPattern().Replace(text, m => m.Value.Replace(m.Groups["body"].Value, Generate(m.Groups["name"].Value.Trim()), StringComparison.Ordinal));

    /// <summary>
    /// xunit and FsCheck test methods of a test folder: methods carrying [Fact], [Theory] or [Property], counted from
    /// the source (a theory counts once however many cases it has: the case count depends on data only a run enumerates).
    /// </summary>
    public static int TestMethods(string folder) =>
        Directory.EnumerateFiles(DocFiles.FullPath(folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Sum(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f)).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Count(m => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => IsTestAttribute(a.Name.ToString()))));

    private static bool IsTestAttribute(string name) =>
        name is "Fact" or "Theory" or "Property" or "FactAttribute" or "TheoryAttribute" or "PropertyAttribute"
        || name.EndsWith(".Fact", StringComparison.Ordinal) || name.EndsWith(".Property", StringComparison.Ordinal);

    private static string TestMethodsTable()
    {
        var s = new StringBuilder("\n| suite | test methods |\n|---|---|\n");
        foreach (string dir in Directory.GetDirectories(DocFiles.FullPath("tests")).Order(StringComparer.Ordinal))
        {
            if (Directory.GetFiles(dir, "*.csproj").Length == 0) continue;
            string folder = "tests/" + Path.GetFileName(dir);
            s.Append($"| `{folder}` | {TestMethods(folder)} |\n");
        }

        return s.ToString();
    }

    [GeneratedRegex(@"<!-- generated: (?<name>[^>]*?) -->(?<body>.*?)<!-- /generated -->", RegexOptions.Singleline)]
    private static partial Regex RegionPattern();
}
