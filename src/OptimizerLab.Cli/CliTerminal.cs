namespace OptimizerLab.Cli;

/// <summary>Whether stdout and stderr are terminals: decides between a live progress bar and plain progress lines, and
/// between coloured and plain tables.</summary>
/// <param name="OutIsTerminal">stdout is a terminal.</param>
/// <param name="ErrorIsTerminal">stderr is a terminal.</param>
public sealed record CliTerminal(bool OutIsTerminal, bool ErrorIsTerminal)
{
    /// <summary>Neither stream is a terminal (tests, pipes, files).</summary>
    public static CliTerminal None { get; } = new(false, false);

    /// <summary>The process's own console streams.</summary>
    public static CliTerminal Detect() => new(!Console.IsOutputRedirected, !Console.IsErrorRedirected);
}
