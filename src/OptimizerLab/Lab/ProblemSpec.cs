using System.Numerics;
using OptimizerLab.Numerics;
using OptimizerLab.Problems;

namespace OptimizerLab.Lab;

/// <summary>
/// Which problem a run trains, as data: a kind and its settings. Kinds:
/// <list type="bullet">
/// <item><c>seed</c>: the seed question, least squares with a linear layer; settings <c>n</c> (64), <c>d_in</c> (1000), <c>d_out</c> (1),
/// <c>bias</c> (true), <c>reduction</c> (sum|mean, sum), <c>batch</c> (full).</item>
/// <item><c>logistic</c>: logistic regression with BCE-with-logits; <c>n</c> (200), <c>d</c> (20), <c>separable</c> (true),
/// <c>reduction</c> (mean), <c>batch</c> (full).</item>
/// <item><c>quadratic</c>: ½(x − x*)ᵀH(x − x*); <c>eigenvalues</c> (a list like 1,10,100) or <c>d</c> (20) eigenvalues
/// log-spaced from 1 to <c>max_eigenvalue</c> (100); <c>rotate</c> (true).</item>
/// <item><c>rosenbrock</c>: the chained Rosenbrock function; <c>d</c> (2), start (−1.2, 1, …).</item>
/// </list>
/// The problem's data come from the run's seed.
/// </summary>
public sealed record ProblemSpec(string Kind, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The seed question's problem with its defaults.</summary>
    public static ProblemSpec Seed() => new("seed", new Dictionary<string, string>());

    /// <summary>The reader of the settings, as every problem and the CLI's own-data problem read them.</summary>
    internal SettingReader Read() => new("the problem", Settings);

    /// <summary>The <c>reduction</c> setting's values.</summary>
    internal static IReadOnlyDictionary<string, Reduction> Reductions { get; } =
        new Dictionary<string, Reduction> { ["sum"] = Reduction.Sum, ["mean"] = Reduction.Mean };

    /// <summary>Builds the problem in precision T with data drawn from <paramref name="seed"/>.</summary>
    public Problem<T> Build<T>(ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = Read();
        int? Batch() => s.Has("batch") ? s.PositiveInt("batch") : null;
        return Kind.ToLowerInvariant() switch
        {
            "seed" or "least-squares" => LeastSquaresProblem<T>.Seeded(seed,
                rows: s.PositiveInt("n", 64), inputs: s.PositiveInt("d_in", 1000), outputs: s.PositiveInt("d_out", 1),
                bias: s.Bool("bias", true), reduction: s.Choice("reduction", "sum", Reductions), batchSize: Batch()),
            "logistic" => LogisticRegressionProblem<T>.Seeded(seed, rows: s.PositiveInt("n", 200), inputs: s.PositiveInt("d", 20),
                separable: s.Bool("separable", true), reduction: s.Choice("reduction", "mean", Reductions), batchSize: Batch()),
            "quadratic" => new QuadraticProblem<T>(Eigenvalues(s), seed, s.Bool("rotate", true)),
            "rosenbrock" => new RosenbrockProblem<T>(s.PositiveInt("d", 2)),
            _ => throw new ArgumentException($"Unknown problem '{Kind}'. Known: {string.Join(", ", Kinds)}."),
        };
    }

    /// <summary>The problem kinds <see cref="Build{T}"/> knows.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["seed", "least-squares", "logistic", "quadratic", "rosenbrock"];

    private static double[] Eigenvalues(SettingReader s)
    {
        if (s.Has("eigenvalues"))
        {
            return s.Text("eigenvalues").Split(',').Select(text =>
                SettingText.TryNumber(text, out double value) && value >= 0 && double.IsFinite(value)
                    ? value
                    : throw s.Refused("eigenvalues", "non-negative numbers like 1,10,100", text)).ToArray();
        }

        int d = s.PositiveInt("d", 20);
        double max = s.Double("max_eigenvalue", 100);
        if (!(max >= 1)) throw s.Refused("max_eigenvalue", "a number ≥ 1", s.Text("max_eigenvalue", "100"));
        return Enumerable.Range(0, d).Select(k => d == 1 ? max : DeterministicMath.Pow(max, (double)k / (d - 1))).ToArray();
    }

    /// <inheritdoc />
    public override string ToString() =>
        Settings.Count == 0 ? Kind : $"{Kind}({string.Join(", ", Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))})";
}
