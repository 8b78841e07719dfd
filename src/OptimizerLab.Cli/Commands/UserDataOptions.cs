using System.CommandLine;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli.Commands;

/// <summary>--x, --y, --init-weight, --init-bias: a least-squares problem from the user's .npy or CSV files.</summary>
internal sealed class UserDataOptions
{
    public Option<string?> X { get; } = new("--x") { Description = "Inputs X, N × D_in (.npy or CSV)", HelpName = "file" };

    public Option<string?> Y { get; } = new("--y") { Description = "Targets Y, N × D_out (.npy or CSV)", HelpName = "file" };

    public Option<string?> InitWeight { get; } = new("--init-weight") { Description = "Initial weight, D_out × D_in (default: torch's uniform ±1/sqrt(D_in) from --seed)", HelpName = "file" };

    public Option<string?> InitBias { get; } = new("--init-bias") { Description = "Initial bias, D_out (default: uniform ±1/sqrt(D_in) from --seed; with --no-bias: none)", HelpName = "file" };

    public void AddTo(Command command)
    {
        command.Add(X);
        command.Add(Y);
        command.Add(InitWeight);
        command.Add(InitBias);
    }

    /// <summary>The user's problem, or null when neither --x nor --y is given.</summary>
    public UserData? Load(ParseResult result, Precision precision)
    {
        string? x = result.GetValue(X), y = result.GetValue(Y), w = result.GetValue(InitWeight), b = result.GetValue(InitBias);
        if (x is null && y is null)
        {
            return w is null && b is null
                ? null
                : throw new UsageException("--init-weight and --init-bias need --x and --y (your own data).");
        }

        if (x is null || y is null) throw new UsageException("Your own data needs both --x (inputs) and --y (targets).");
        throw new UsageException("--x/--y need the .npy/CSV readers, which are not in this build yet.");
    }
}

/// <summary>A problem built from the user's files, and how to run a spec on it in its precision.</summary>
internal sealed class UserData
{
    private readonly Func<RunSpec, RunResult> _run;

    public UserData(ProblemSpec spec, Func<RunSpec, RunResult> run)
    {
        Spec = spec;
        _run = run;
    }

    /// <summary>Names the files, for the summary.</summary>
    public ProblemSpec Spec { get; }

    public RunResult Run(RunSpec spec) => _run(spec);
}
