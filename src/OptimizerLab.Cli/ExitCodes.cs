namespace OptimizerLab.Cli;

/// <summary>The process exit codes of every command.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>A run failed: its loss or gradient became non-finite. The outputs were still written.</summary>
    public const int RunFailed = 1;

    /// <summary>The command line, an input file or the output folder was not usable; nothing ran.</summary>
    public const int UsageError = 2;
}
