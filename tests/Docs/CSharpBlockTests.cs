namespace OptimizerLab.Docs.Tests;

/// <summary>The C# examples of README.md and docs/*.md run and print what the doc shows.</summary>
[Collection(ConsoleAndWorkingDirectory.Name)]
public class CSharpBlockTests
{
    public static TheoryData<string> Blocks() => new(CSharpBlocks.All.Select(b => b.Where));

    [Theory]
    [MemberData(nameof(Blocks))]
    public void The_block_runs_and_prints_what_the_doc_shows(string where)
    {
        var block = CSharpBlocks.All.Single(b => b.Where == where);
        string printed = CSharpBlocks.Run(block);
        if (block.Output is { } documented)
        {
            if (OutputMatch.Mismatch(documented.Content, printed) is not null) OutputBlockUpdate.TryRewrite(documented, printed);
            OutputMatch.Mismatch(documented.Content, printed).Should().BeNull($"{where} prints what the text block under it shows");
        }
    }
}
