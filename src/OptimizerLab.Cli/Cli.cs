using System.CommandLine;
using System.CommandLine.Help;
using OptimizerLab.Cli.Commands;

namespace OptimizerLab.Cli;

/// <summary>
/// The command line, callable in-process: <see cref="Run"/> parses, runs the command and returns the exit code
/// (<see cref="ExitCodes"/>). Results go to stdout, progress and logs to stderr; every error is one line on stderr.
/// </summary>
public static class Cli
{
    /// <summary>
    /// Runs the CLI with the given arguments and streams; returns the exit code. Cancelling <paramref name="cancel"/>
    /// stops a sweep as Ctrl-C does in the real process: finished runs kept, exit code <see cref="ExitCodes.Interrupted"/>.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CliTerminal? terminal = null, CancellationToken cancel = default) =>
        RunCore(args, stdout, stderr, terminal, cancel, catchInterrupt: false);

    /// <summary>The process's entry: as <see cref="Run"/> on the console, and Ctrl-C stops a sweep cleanly.</summary>
    internal static int RunProcess(string[] args) =>
        RunCore(args, Console.Out, Console.Error, CliTerminal.Detect(), CancellationToken.None, catchInterrupt: true);

    private static int RunCore(string[] args, TextWriter stdout, TextWriter stderr, CliTerminal? terminal, CancellationToken cancel, bool catchInterrupt)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var context = new CliContext(stdout, stderr, terminal ?? CliTerminal.None, cancel, catchInterrupt);
        try
        {
            var root = BuildRoot(context);
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
            {
                stderr.WriteLine($"error: {ParseError(parsed)} (see --help)");
                return ExitCodes.UsageError;
            }

            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (UserError(e) is { } message)
        {
            stderr.WriteLine($"error: {message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("OPTIMIZERLAB_DEBUG") != "1")
        {
            stderr.WriteLine($"error: unexpected {e.GetType().Name}: {OneLine(e.Message)} (set OPTIMIZERLAB_DEBUG=1 for the stack trace)");
            return ExitCodes.RunFailed;
        }
        finally
        {
            stdout.Flush();
            stderr.Flush();
        }
    }

    private static RootCommand BuildRoot(CliContext context)
    {
        var reproduce = new ReproduceCommand();
        var root = new RootCommand(
            "OptimizerLab: PyTorch's optimizers in C#, and a lab that reproduces and explains Adam's loss rebound. " +
            "Without a command it runs reproduce: " + reproduce.Summary.ToLowerInvariant()[..1] + reproduce.Summary[1..] + ". " +
            "Results go to stdout, progress and logs to stderr. Exit codes: 0 success, 1 a run failed (non-finite loss or gradient), 2 usage error, 130 interrupted by Ctrl-C (a sweep keeps its finished runs: rerun it with --resume).");
        reproduce.Configure(root, context);

        root.Add(new ReproduceCommand().Build(context, reproduce.Summary + " (the default command)"));
        foreach (LabCommand command in (LabCommand[])[new RunCommand(), new SweepCommand(), new ExplainCommand(), new CompareCommand(), new ValidatePredictionsCommand()])
            root.Add(command.Build(context));
        return root;
    }

    /// <summary>
    /// The first parse error on one line; an unknown command or option gets the closest known names:
    /// "unknown command 'swep'; did you mean 'sweep'?", "run has no option '--optimzer'; did you mean '--optimizer'?".
    /// </summary>
    private static string ParseError(ParseResult parsed)
    {
        string message = OneLine(parsed.Errors[0].Message);
        if (parsed.UnmatchedTokens.Count == 0) return message;
        string token = parsed.UnmatchedTokens[0];
        var command = parsed.CommandResult.Command;
        string name = command is RootCommand ? "the default command" : command.Name;
        if (token.StartsWith('-'))
            return $"{name} has no option '{token}'{Suggestions.DidYouMean(token, command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)))}";
        if (command.Subcommands.Count > 0)
        {
            var commands = command.Subcommands.Select(c => c.Name).ToArray();
            return $"unknown command '{token}'{Suggestions.Sentence(token, commands)}Commands: {string.Join(", ", commands)}";
        }

        return $"{name} takes no argument '{token}' here";
    }

    /// <summary>The one-line message for a user's mistake, or null when the exception is not one.</summary>
    private static string? UserError(Exception e) => e switch
    {
        // Parallel runs wrap what they throw; a user's mistake fails every run alike, so the first says it.
        AggregateException aggregate when aggregate.Flatten().InnerExceptions.Count > 0 => UserError(aggregate.Flatten().InnerExceptions[0]),
        UsageException => e.Message,
        ArgumentException a => ArgumentMessage(a),
        InvalidDataException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => OneLine(e.Message),
        IOException => OneLine(e.Message),
        _ => null,
    };

    /// <summary>An ArgumentException's own text, without .NET's " (Parameter 'x')" and "Actual value was" lines.</summary>
    internal static string ArgumentMessage(ArgumentException e)
    {
        string message = e.Message;
        int newline = message.IndexOfAny(['\r', '\n']);
        if (newline >= 0) message = message[..newline];
        if (e.ParamName is { } name)
        {
            string suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
        }

        return OneLine(message);
    }
}
