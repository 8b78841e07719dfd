namespace OptimizerLab.Docs.Tests;

/// <summary>
/// The C# examples of README.md and docs/*.md compile as pasted. Compiling touches no process-wide state, so it runs
/// beside the shell blocks (the compilation is shared with <see cref="CSharpBlockTests"/>, which runs what it built).
/// </summary>
public class CSharpCompileTests
{
    [Fact]
    public void Every_csharp_block_compiles_as_pasted_with_its_using_lines()
    {
        CSharpBlocks.All.Should().NotBeEmpty("the README and the library page show C# examples");
        CSharpBlocks.Errors.Should().BeEmpty("every example must compile without errors or warnings as a user pastes it");
    }
}
