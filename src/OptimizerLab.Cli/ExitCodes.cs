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

    /// <summary>
    /// Ctrl-C (SIGINT) stopped the command: 128 + 2, what a shell reports for a process ended by SIGINT, so scripts
    /// see the same code whether the command stopped cleanly or was killed. A sweep keeps its finished runs; rerun it with
    /// --resume to continue.
    /// </summary>
    public const int Interrupted = 130;
}
