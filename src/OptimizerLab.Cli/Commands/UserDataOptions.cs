using System.CommandLine;
using System.Numerics;
using OptimizerLab.Data;
using OptimizerLab.Lab;
using OptimizerLab.Problems;

namespace OptimizerLab.Cli.Commands;

/// <summary>--x, --y, --init-weight, --init-bias: a least-squares problem from the user's .npy or CSV files.</summary>
internal sealed class UserDataOptions
{
    public Option<string?> X { get; } = new("--x") { Description = "Inputs X, N × D_in (.npy, CSV, or an array of an .npz as file.npz:name)", HelpName = "file" };

    public Option<string?> Y { get; } = new("--y") { Description = "Targets Y, N × D_out or N values (.npy, CSV, or file.npz:name)", HelpName = "file" };

    public Option<string?> InitWeight { get; } = new("--init-weight") { Description = "Initial weight, D_out × D_in (default: torch's uniform ±1/sqrt(D_in) from --seed)", HelpName = "file" };

    public Option<string?> InitBias { get; } = new("--init-bias") { Description = "Initial bias, D_out values (default: uniform ±1/sqrt(D_in) from --seed; with --no-bias: none)", HelpName = "file" };

    public IEnumerable<Option> Options => [X, Y, InitWeight, InitBias];

    /// <summary>"--x" or "--y" when the user gave own data (the first of the two given), else null.</summary>
    public string? GivenOption(ParseResult result) =>
        result.GetValue(X) is not null ? "--x" : result.GetValue(Y) is not null ? "--y" : null;

    /// <summary>
    /// The user's problem, or null when neither --x nor --y is given. The files are read in the run's precision; shapes
    /// are checked against each other (Y's rows against X's, the weight against D_out × D_in, the bias against D_out), and
    /// a mismatch is an <see cref="InvalidDataException"/> naming the file and both shapes.
    /// </summary>
    public UserData? Load(ParseResult result, RunSpec spec)
    {
        string? x = result.GetValue(X), y = result.GetValue(Y), w = result.GetValue(InitWeight), b = result.GetValue(InitBias);
        if (x is null && y is null)
        {
            return w is null && b is null
                ? null
                : throw new UsageException("--init-weight and --init-bias need --x and --y (your own data).");
        }

        if (x is null || y is null) throw new UsageException("Your own data needs both --x (inputs) and --y (targets).");
        bool bias = spec.Problem.Read().Bool("bias", true);
        if (!bias && b is not null) throw new UsageException("--init-bias and --no-bias contradict each other.");
        return spec.Precision == Precision.Float32 ? Load<float>(spec, x, y, w, b, bias) : Load<double>(spec, x, y, w, b, bias);
    }

    private static UserData Load<T>(RunSpec spec, string xPath, string yPath, string? weightPath, string? biasPath, bool bias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Read("--x", xPath, () => DataFile.ReadMatrix<T>(xPath));
        var y = Read("--y", yPath, () => DataFile.ReadMatrix<T>(yPath, expectedRows: x.Rows));
        int inputs = x.Columns, outputs = y.Columns;
        var random = new SeededRandom(spec.Seed);
        double bound = 1.0 / Math.Sqrt(inputs);
        T[] weight;
        if (weightPath is null)
        {
            weight = new T[outputs * inputs];
            random.FillUniform<T>(weight, -bound, bound);
        }
        else
        {
            weight = Read("--init-weight", weightPath, () => DataFile.ReadMatrix<T>(weightPath, expectedRows: outputs, expectedColumns: inputs)).Data;
        }

        T[]? initialBias = null;
        if (bias)
        {
            if (biasPath is null)
            {
                initialBias = new T[outputs];
                random.FillUniform<T>(initialBias, -bound, bound);
            }
            else
            {
                initialBias = Read("--init-bias", biasPath, () => DataFile.ReadVector<T>(biasPath, expectedLength: outputs));
            }
        }

        var settings = spec.Problem.Read();
        var reduction = settings.Choice("reduction", "sum", ProblemSpec.Reductions);
        int? batch = settings.Has("batch") ? settings.PositiveInt("batch") : null;
        var problem = new LeastSquaresProblem<T>(x.Data, y.Data, x.Rows, inputs, outputs, weight, initialBias, reduction, batch, spec.Seed);
        var described = new Dictionary<string, string>
        {
            ["x"] = xPath,
            ["y"] = yPath,
            ["n"] = TextFormat.Int(x.Rows),
            ["d_in"] = TextFormat.Int(inputs),
            ["d_out"] = TextFormat.Int(outputs),
            ["bias"] = bias ? "true" : "false",
            ["reduction"] = reduction == Reduction.Sum ? "sum" : "mean",
        };
        if (weightPath is not null) described["init_weight"] = weightPath;
        if (biasPath is not null) described["init_bias"] = biasPath;
        return new UserData(new ProblemSpec("files", described), (s, control) => ResumableRun.Run(s, problem, control));
    }

    private static TResult Read<TResult>(string option, string path, Func<TResult> read) =>
        InputFile.Read(option, path, string.IsNullOrWhiteSpace(path) ? path : DataFile.Split(path).File, read);
}

/// <summary>A problem built from the user's files, and how to run a spec on it (once: a run changes the problem's parameters).</summary>
internal sealed class UserData
{
    private readonly Func<RunSpec, RunControl, RunOutcome> _run;

    public UserData(ProblemSpec spec, Func<RunSpec, RunControl, RunOutcome> run)
    {
        Spec = spec;
        _run = run;
    }

    /// <summary>Names the files and the shapes read, for the summary.</summary>
    public ProblemSpec Spec { get; }

    public RunOutcome Run(RunSpec spec, RunControl control) => _run(spec, control);
}
