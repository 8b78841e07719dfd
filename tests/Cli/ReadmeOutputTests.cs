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
            string text = File.ReadAllText(Path.Combine(RepositoryRoot(), file)).ReplaceLineEndings("\n");
            text.Should().Contain("```\n" + printed + "\n```", $"{file} must show the default command's output exactly as it prints it now (paste it again after changing that output)");
        }
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static string RepositoryRoot() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));
}
