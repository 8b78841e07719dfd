using System.CommandLine;

namespace OptimizerLab.Cli.Commands;

/// <summary>
/// One command of the CLI: its name, its one-line summary, its arguments and options, and what it does with them.
/// <see cref="Build"/> makes the System.CommandLine command from them, so every command is put together the same way.
/// </summary>
internal abstract class LabCommand(string name, string summary)
{
    /// <summary>The command's name on the command line ("run", "sweep", …).</summary>
    public string Name { get; } = name;

    /// <summary>The one line --help shows for the command.</summary>
    public string Summary { get; } = summary;

    /// <summary>The command's arguments and options, in the order --help lists them.</summary>
    protected abstract IEnumerable<Symbol> Symbols { get; }

    /// <summary>Commands below this one ("sweep merge").</summary>
    protected virtual IEnumerable<LabCommand> Subcommands => [];

    /// <summary>Runs the command on its parsed arguments; returns the exit code. A user's mistake throws <see cref="UsageException"/>.</summary>
    protected abstract int Execute(ParseResult result, CliContext context);

    /// <summary>The command, with <paramref name="summary"/> in place of <see cref="Summary"/> when given.</summary>
    public Command Build(CliContext context, string? summary = null)
    {
        var command = new Command(Name, summary ?? Summary);
        Configure(command, context);
        return command;
    }

    /// <summary>Adds the arguments, options, subcommands and action to <paramref name="command"/> (a new one, or the root command).</summary>
    public void Configure(Command command, CliContext context)
    {
        foreach (var symbol in Symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Add(argument);
                    break;
                case Option option:
                    command.Add(option);
                    break;
                default:
                    throw new InvalidOperationException($"{Name}: {symbol.Name} is neither an argument nor an option.");
            }
        }

        foreach (var subcommand in Subcommands) command.Add(subcommand.Build(context));
        command.SetAction(result => Execute(result, context));
    }
}
