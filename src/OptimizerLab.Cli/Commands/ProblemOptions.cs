using System.CommandLine;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli.Commands;

/// <summary>Options that set up the problem, precision, length and recording of runs (shared by run and sweep).</summary>
internal sealed class ProblemOptions
{
    /// <summary>The loss of every step is kept in memory (8 bytes a step): 100 million steps take 800 MB.</summary>
    public const int MaxSteps = 100_000_000;

    public Option<int> Steps { get; } = new Option<int>("--steps") { Description = $"Optimizer steps, 1 to {MaxSteps}; the loss is recorded before each", DefaultValueFactory = _ => 5000 }
        .WholeNumber(1, MaxSteps);

    public Option<string> Precision { get; } = new("--precision") { Description = "float32 or float64", DefaultValueFactory = _ => "float32" };

    public Option<string> Problem { get; } = new("--problem") { Description = "Problem: " + string.Join(", ", ProblemSpec.Kinds) + " (seed: the question's least squares)", DefaultValueFactory = _ => "seed" };

    public Option<string[]> ProblemSettings { get; } = new("--problem-set")
    {
        Description = "A problem setting name=value (repeatable), e.g. --problem quadratic --problem-set max_eigenvalue=1000",
        HelpName = "name=value",
    };

    public Option<int?> Rows { get; } = new Option<int?>("--n") { Description = "Seed and logistic problems: number of samples N (default 64)" }.WholeNumber(1, int.MaxValue);

    public Option<int?> Inputs { get; } = new Option<int?>("--d-in") { Description = "Seed problem: inputs D_in (default 1000)" }.WholeNumber(1, int.MaxValue);

    public Option<int?> Outputs { get; } = new Option<int?>("--d-out") { Description = "Seed problem: outputs D_out (default 1)" }.WholeNumber(1, int.MaxValue);

    public Option<bool> NoBias { get; } = new("--no-bias") { Description = "Seed problem or your own data: a linear layer without bias" };

    public Option<string?> Reduction { get; } = new("--reduction") { Description = "MSE reduction: sum (the question's) or mean" };

    public Option<int?> Batch { get; } = new Option<int?>("--batch") { Description = "Minibatch size (default: full batch)" }.WholeNumber(1, int.MaxValue);

    public ProblemOptions(int diagnosticsEvery, int sharpnessEvery)
    {
        DiagnosticsEvery = new Option<int>("--diagnostics-every") { Description = "Record the diagnostics every k-th step", DefaultValueFactory = _ => diagnosticsEvery }
            .WholeNumber(1, int.MaxValue);
        SharpnessEvery = new Option<int>("--sharpness-every")
        {
            Description = "Measure the preconditioned sharpness every k-th step (0: never; problems with a constant Hessian: seed, least-squares, quadratic, your own data)",
            DefaultValueFactory = _ => sharpnessEvery,
        }.WholeNumber(0, int.MaxValue);
    }

    public Option<int> DiagnosticsEvery { get; }

    public Option<int> SharpnessEvery { get; }

    /// <summary>
    /// The settings each problem kind reads (<see cref="ProblemSpec"/>'s documentation); any other is a usage error,
    /// never silently ignored.
    /// </summary>
    private static readonly Dictionary<string, string[]> SettingsOf = new(StringComparer.Ordinal)
    {
        ["seed"] = ["n", "d_in", "d_out", "bias", "reduction", "batch"],
        ["least-squares"] = ["n", "d_in", "d_out", "bias", "reduction", "batch"],
        ["logistic"] = ["n", "d", "separable", "reduction", "batch"],
        ["quadratic"] = ["eigenvalues", "d", "max_eigenvalue", "rotate"],
        ["rosenbrock"] = ["d"],
    };

    /// <summary>The settings of a problem from the user's files (--x, --y): the rest comes from the files' shapes.</summary>
    private static readonly string[] FileSettings = ["bias", "reduction", "batch"];

    /// <summary>Problems whose Hessian is constant, the only ones whose sharpness is measured.</summary>
    private static readonly string[] WithSharpness = ["seed", "least-squares", "quadratic"];

    public IEnumerable<Option> Options => [Steps, Precision, Problem, ProblemSettings, Rows, Inputs, Outputs, NoBias, Reduction, Batch, DiagnosticsEvery, SharpnessEvery];

    /// <summary>
    /// A spec with the problem, precision, steps and recording set; optimizer, seed and label left to the caller.
    /// <paramref name="dataOption"/> names the option that gave the user's own data (e.g. "--x"), or is null: with
    /// own data, --problem and the settings the files decide (--n, --d-in, --d-out) contradict it. A setting the
    /// problem does not read, or one given twice, is a usage error naming both options.
    /// </summary>
    public RunSpec BaseSpec(ParseResult result, string? dataOption = null)
    {
        string kind = ArgumentParsing.Known("--problem", "problem", result.GetValue(Problem) ?? "seed", ProblemSpec.Kinds).ToLowerInvariant();
        bool kindGiven = Given(result, Problem);
        if (dataOption is not null && kindGiven)
            throw new UsageException($"--problem {kind} contradicts {dataOption}: your own data (--x, --y) is the problem; remove --problem.");
        string[] allowed = dataOption is null ? SettingsOf[kind] : FileSettings;
        string owner = dataOption is null ? $"--problem {kind}{(kindGiven ? "" : " (the default)")}" : "your own data (--x, --y)";

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(string key, string value, string source, string? shortcut)
        {
            if (!allowed.Contains(key))
            {
                throw new UsageException(shortcut is not null && dataOption is not null
                    ? $"{shortcut} contradicts {dataOption}: with your own data {FromFiles(key)}; remove {shortcut}."
                    : shortcut is not null
                        ? $"{shortcut} does not apply to {owner}, whose settings are {string.Join(", ", allowed)}; remove {shortcut} or choose another --problem."
                        : $"{source}: {owner} has no setting '{key}'{Suggestions.Sentence(key, allowed)}Its settings: {string.Join(", ", allowed)}.");
            }

            if (sources.TryGetValue(key, out string? earlier)) throw new UsageException($"{earlier} and {source} both set '{key}'; give it once.");
            settings[key] = value;
            sources[key] = source;
        }

        foreach (string text in result.GetValue(ProblemSettings) ?? [])
        {
            var (key, value) = ArgumentParsing.Setting(text, "--problem-set");
            Set(key, value, $"--problem-set {key}={value}", null);
        }

        if (result.GetValue(Rows) is int n) Set("n", Int(n), $"--n {Int(n)}", "--n");
        if (result.GetValue(Inputs) is int inputs) Set("d_in", Int(inputs), $"--d-in {Int(inputs)}", "--d-in");
        if (result.GetValue(Outputs) is int outputs) Set("d_out", Int(outputs), $"--d-out {Int(outputs)}", "--d-out");
        if (result.GetValue(NoBias)) Set("bias", "false", "--no-bias", "--no-bias");
        if (result.GetValue(Reduction) is { } reduction)
        {
            string r = reduction.Trim().ToLowerInvariant() is "sum" or "mean" ? reduction.Trim().ToLowerInvariant()
                : throw new UsageException($"--reduction takes sum or mean; got '{reduction}'{Suggestions.DidYouMean(reduction, ["sum", "mean"])}");
            Set("reduction", r, $"--reduction {r}", "--reduction");
        }

        if (result.GetValue(Batch) is int batch) Set("batch", Int(batch), $"--batch {Int(batch)}", "--batch");
        if (settings.ContainsKey("eigenvalues") && sources.Keys.FirstOrDefault(k => k is "d" or "max_eigenvalue") is { } spacing)
            throw new UsageException($"{sources["eigenvalues"]} and {sources[spacing]} contradict each other: eigenvalues lists them all, d and max_eigenvalue make a log-spaced list; give one or the other.");
        int sharpnessEvery = result.GetValue(SharpnessEvery);
        if (dataOption is null && sharpnessEvery > 0 && Given(result, SharpnessEvery) && !WithSharpness.Contains(kind))
            throw new UsageException($"--sharpness-every {Int(sharpnessEvery)} does not apply to {owner}: the sharpness is measured only on problems with a constant Hessian ({string.Join(", ", WithSharpness)}, your own data).");

        return new RunSpec
        {
            Problem = new ProblemSpec(kind, settings),
            Precision = ArgumentParsing.Precision(result.GetValue(Precision) ?? "float32"),
            Steps = result.GetValue(Steps),
            DiagnosticsEvery = result.GetValue(DiagnosticsEvery),
            SharpnessEvery = sharpnessEvery,
        };
    }

    /// <summary>True when the user gave the option (not only its default).</summary>
    public static bool Given(ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static string FromFiles(string key) => key switch
    {
        "n" => "N is the number of rows of --x",
        "d_in" => "D_in is the number of columns of --x",
        "d_out" => "D_out is the number of columns of --y",
        _ => $"the files decide '{key}'",
    };

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
}
