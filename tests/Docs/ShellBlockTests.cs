namespace OptimizerLab.Docs.Tests;

/// <summary>
/// Every shell block of the docs that names a CLI command is run and prints what the doc shows, or says why it is not
/// run (<c>&lt;!-- not run: reason --&gt;</c> on the line before it).
/// </summary>
[Collection(ConsoleAndWorkingDirectory.Name)]
public class ShellBlockTests
{
    public static TheoryData<string> Blocks() => new(ShellBlocks.Run.Select(b => b.Where));

    [Fact]
    public void The_docs_run_the_CLI_and_every_block_not_run_gives_its_reason()
    {
        ShellBlocks.Run.Should().NotBeEmpty("the README shows the default command and its output");
        ShellBlocks.All.Where(b => b.NotRunReason is not null).Should().AllSatisfy(b =>
            b.NotRunReason.Should().NotBeNullOrWhiteSpace($"{b.Where} is marked not run; the mark must say why"));
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void The_block_runs_and_prints_what_the_doc_shows(string where)
    {
        var block = ShellBlocks.Run.Single(b => b.Where == where);
        var run = ShellBlocks.ResultOf(block);
        bool documentsAnError = block.Output?.Content.StartsWith("error:", StringComparison.Ordinal) == true;
        if (!documentsAnError && !run.ShowsExitCode)
            run.ExitCode.Should().Be(0, $"{where} must succeed as documented; stderr:\n{run.Stderr}");
        if (block.Output is { } documented)
        {
            string printed = documentsAnError ? run.Stderr : run.Stdout;
            if (OutputMatch.Mismatch(documented.Content, printed) is not null) OutputBlockUpdate.TryRewrite(documented, printed);
            OutputMatch.Mismatch(documented.Content, printed).Should().BeNull($"{where} prints what the text block under it shows");
        }
    }
}
