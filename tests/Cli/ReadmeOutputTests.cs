using System.Runtime.CompilerServices;

namespace OptimizerLab.Cli.Tests;

/// <summary>The README pastes the default command's output; it must be what the command prints today.</summary>
public class ReadmeOutputTests : IClassFixture<ReproduceFixture>
{
    private readonly ReproduceFixture _fixture;

    public ReadmeOutputTests(ReproduceFixture fixture) => _fixture = fixture;

    [Fact]
    public void The_README_and_the_CLI_section_show_the_default_commands_output_verbatim()
    {
        string printed = _fixture.Outcome.Stdout.ReplaceLineEndings("\n").TrimEnd('\n');
        printed.Should().NotBeEmpty();
        foreach (string file in new[] { "README.md", Path.Combine("src", "OptimizerLab.Cli", "README-section.md") })
        {
            string text = File.ReadAllText(Path.Combine(RepositoryRoot(), file));
            string? difference = FirstDifference(file, text, printed.Split('\n'));
            if (difference is not null) Assert.Fail(difference);
        }
    }

    [Fact]
    public void A_difference_is_reported_as_its_first_differing_line_with_both_versions()
    {
        string readme = "# Title\n\n```sh\nlab\n```\n\n```\nloss 1.0\nplateau at 223\nend\n```\n";
        FirstDifference("README.md", readme, ["loss 1.0", "plateau at 224", "end"]).Should().Be(
            "README.md line 9 (line 2 of the output) shows \"plateau at 223\" where the command now prints \"plateau at 224\"; " +
            "paste the command's output again");
        FirstDifference("README.md", readme, ["loss 1.0", "plateau at 223", "end", "extra"]).Should().Contain(
            "line 11 (line 4 of the output) shows \"```\" where the command now prints \"extra\"");
        FirstDifference("README.md", readme, ["loss 1.0", "plateau at 223", "end"]).Should().BeNull();
        FirstDifference("README.md", "no blocks\n", ["loss 1.0"]).Should().StartWith("README.md has no ``` block whose first line is \"loss 1.0\"");
    }

    /// <summary>
    /// Null when a fenced block of <paramref name="text"/> is exactly <paramref name="printed"/>; otherwise the first line
    /// where the block that starts like the output departs from it, with its line number in the file and both versions.
    /// </summary>
    internal static string? FirstDifference(string file, string text, string[] printed)
    {
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        (int Start, int Length) best = (-1, -1);
        for (int open = 0; open < lines.Length; open++)
        {
            if (!lines[open].StartsWith("```", StringComparison.Ordinal)) continue;
            int close = Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
            if (close < 0) break;
            int start = open + 1, common = 0;
            while (common < printed.Length && start + common < close && lines[start + common] == printed[common]) common++;
            if (common == printed.Length && close - start == printed.Length) return null;
            if (common > 0 && common > best.Length) best = (start, common);
            open = close;
        }

        if (best.Start < 0)
            return $"{file} has no ``` block whose first line is \"{printed[0]}\" (the command's first line of output); paste the command's output again";
        int at = best.Start + best.Length;
        string shown = at < lines.Length ? lines[at] : "<end of file>";
        string now = best.Length < printed.Length ? printed[best.Length] : "<end of output>";
        return $"{file} line {at + 1} (line {best.Length + 1} of the output) shows \"{shown}\" where the command now prints \"{now}\"; " +
            "paste the command's output again";
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));
}
