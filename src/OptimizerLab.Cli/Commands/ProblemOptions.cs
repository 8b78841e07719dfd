using System.CommandLine;
using System.Globalization;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli.Commands;

/// <summary>Options that set up the problem, precision, length and recording of runs (shared by run and sweep).</summary>
internal sealed class ProblemOptions
{
    public Option<int> Steps { get; } = new("--steps") { Description = "Optimizer steps; the loss is recorded before each", DefaultValueFactory = _ => 5000 };

    public Option<string> Precision { get; } = new("--precision") { Description = "float32 or float64", DefaultValueFactory = _ => "float32" };

    public Option<string> Problem { get; } = new("--problem") { Description = "Problem: " + string.Join(", ", ProblemSpec.Kinds) + " (seed: the question's least squares)", DefaultValueFactory = _ => "seed" };

    public Option<string[]> ProblemSettings { get; } = new("--problem-set")
    {
        Description = "A problem setting name=value (repeatable), e.g. --problem quadratic --problem-set max_eigenvalue=1000",
        HelpName = "name=value",
    };

    public Option<int?> Rows { get; } = new("--n") { Description = "Seed problem: number of samples N (default 64)" };

    public Option<int?> Inputs { get; } = new("--d-in") { Description = "Seed problem: inputs D_in (default 1000)" };

    public Option<int?> Outputs { get; } = new("--d-out") { Description = "Seed problem: outputs D_out (default 1)" };

    public Option<bool> NoBias { get; } = new("--no-bias") { Description = "Seed problem: a linear layer without bias" };

    public Option<string?> Reduction { get; } = new("--reduction") { Description = "MSE reduction: sum (the question's) or mean" };

    public Option<int?> Batch { get; } = new("--batch") { Description = "Minibatch size (default: full batch)" };

    public ProblemOptions(int diagnosticsEvery, int sharpnessEvery)
    {
        DiagnosticsEvery = new("--diagnostics-every") { Description = "Record the diagnostics every k-th step", DefaultValueFactory = _ => diagnosticsEvery };
        SharpnessEvery = new("--sharpness-every") { Description = "Measure the preconditioned sharpness every k-th step (0: never)", DefaultValueFactory = _ => sharpnessEvery };
    }

    public Option<int> DiagnosticsEvery { get; }

    public Option<int> SharpnessEvery { get; }

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[Steps, Precision, Problem, ProblemSettings, Rows, Inputs, Outputs, NoBias, Reduction, Batch, DiagnosticsEvery, SharpnessEvery])
            command.Add(option);
    }

    /// <summary>A spec with the problem, precision, steps and recording set; optimizer, seed and label left to the caller.</summary>
    public RunSpec BaseSpec(ParseResult result)
    {
        var settings = new Dictionary<string, string>();
        string kind = (result.GetValue(Problem) ?? "seed").Trim().ToLowerInvariant();
        if (!ProblemSpec.Kinds.Contains(kind))
            throw new UsageException($"--problem takes one of {string.Join(", ", ProblemSpec.Kinds)}; got '{result.GetValue(Problem)}'.");
        foreach (string text in result.GetValue(ProblemSettings) ?? [])
        {
            var (key, value) = ArgumentParsing.Setting(text, "--problem-set");
            settings[key] = value;
        }

        if (result.GetValue(Rows) is int n) settings["n"] = Positive(n, "--n");
        if (result.GetValue(Inputs) is int inputs) settings["d_in"] = Positive(inputs, "--d-in");
        if (result.GetValue(Outputs) is int outputs) settings["d_out"] = Positive(outputs, "--d-out");
        if (result.GetValue(NoBias)) settings["bias"] = "false";
        if (result.GetValue(Reduction) is { } reduction)
        {
            settings["reduction"] = reduction.ToLowerInvariant() is "sum" or "mean"
                ? reduction.ToLowerInvariant()
                : throw new UsageException($"--reduction takes sum or mean; got '{reduction}'.");
        }

        if (result.GetValue(Batch) is int batch) settings["batch"] = Positive(batch, "--batch");
        return new RunSpec
        {
            Problem = new ProblemSpec(kind, settings),
            Precision = ArgumentParsing.Precision(result.GetValue(Precision) ?? "float32"),
            Steps = ArgumentParsing.Positive(result.GetValue(Steps), "--steps"),
            DiagnosticsEvery = ArgumentParsing.Positive(result.GetValue(DiagnosticsEvery), "--diagnostics-every"),
            SharpnessEvery = ArgumentParsing.NonNegative(result.GetValue(SharpnessEvery), "--sharpness-every"),
        };
    }

    /// <summary>Builds the spec's problem once (a few milliseconds), so that a bad problem setting is a usage error before anything runs.</summary>
    public static void Check(RunSpec spec)
    {
        try
        {
            spec.Problem.Build<double>(spec.Seed);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--problem {spec.Problem.Kind}: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }

    private static string Positive(int value, string option) =>
        ArgumentParsing.Positive(value, option).ToString(CultureInfo.InvariantCulture);
}
