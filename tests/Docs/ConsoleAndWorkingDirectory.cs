namespace OptimizerLab.Docs.Tests;

/// <summary>
/// The tests that change process-wide state: the shell blocks set <see cref="Environment.CurrentDirectory"/>, the C#
/// blocks redirect <see cref="Console.Out"/>. xunit runs the tests of one collection one at a time; the others
/// (compiling the C# blocks, generated figures, copied paragraphs) touch neither and run beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleAndWorkingDirectory
{
    public const string Name = "Console and working directory";
}
