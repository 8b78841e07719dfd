using Spectre.Console;

namespace OptimizerLab.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, progress and logs to <see cref="Error"/>.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, CliTerminal terminal, CancellationToken cancel = default, bool catchInterrupt = false)
{
    private IAnsiConsole? _outConsole;
    private IAnsiConsole? _errorConsole;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public CliTerminal Terminal { get; } = terminal;

    /// <summary>Cancelled when the caller wants the command to stop (in-process callers; the process's Ctrl-C see <see cref="CatchInterrupt"/>).</summary>
    public CancellationToken Cancel { get; } = cancel;

    /// <summary>
    /// True in the real process: a command that can stop cleanly catches Ctrl-C (<see cref="InterruptSignal"/>) while
    /// it runs. False in-process, where a test host's signals are none of the command's business.
    /// </summary>
    public bool CatchInterrupt { get; } = catchInterrupt;

    /// <summary>Spectre console on stdout, for tables; plain text (no colours, wide) when stdout is not a terminal.</summary>
    public IAnsiConsole OutConsole => _outConsole ??= CreateConsole(Out, Terminal.OutIsTerminal);

    /// <summary>Spectre console on stderr, for the progress bar.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole ??= CreateConsole(Error, Terminal.ErrorIsTerminal);

    /// <summary>
    /// Writes a table to stdout: as Spectre draws it on a terminal; otherwise as a Markdown table without the blank,
    /// space-filled lines Spectre puts around it, so that it pastes cleanly into a README.
    /// </summary>
    public void WriteTable(Table table)
    {
        if (Terminal.OutIsTerminal)
        {
            OutConsole.Write(table.Border(TableBorder.Rounded));
            return;
        }

        var buffer = new StringWriter();
        CreateConsole(buffer, terminal: false).Write(table.Border(TableBorder.Markdown));
        foreach (string line in buffer.ToString().Split('\n'))
        {
            string trimmed = line.TrimEnd();
            if (trimmed.Length > 0) Out.WriteLine(trimmed);
        }
    }

    /// <summary>A log line on stderr.</summary>
    public void Log(string line) => Error.WriteLine(line);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Files and pipes have no width; wide enough that tables never wrap.
        if (!terminal) console.Profile.Width = 200;
        return console;
    }
}
