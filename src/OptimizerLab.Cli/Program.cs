namespace OptimizerLab.Cli;

/// <summary>The executable: the CLI on the process's console.</summary>
internal static class Program
{
    private static int Main(string[] args) => Cli.RunProcess(args);
}
