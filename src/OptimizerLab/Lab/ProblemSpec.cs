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

    /// <summary>A setting or its default.</summary>
    public string Get(string key, string fallback) => Settings.TryGetValue(key, out var value) ? value : fallback;

    /// <summary>An integer setting or its default.</summary>
    public int GetInt(string key, int fallback) =>
        Settings.TryGetValue(key, out var text)
            ? SettingText.TryWhole(text, out int value) && value > 0
                ? value
                : throw new ArgumentException($"Problem setting '{key}' takes a positive whole number; got '{text}'.")
            : fallback;

    /// <summary>Builds the problem in precision T with data drawn from <paramref name="seed"/>.</summary>
    public Problem<T> Build<T>(ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        return Kind.ToLowerInvariant() switch
        {
            "seed" or "least-squares" => LeastSquaresProblem<T>.Seeded(seed,
                rows: GetInt("n", 64), inputs: GetInt("d_in", 1000), outputs: GetInt("d_out", 1),
                bias: ParseBool("bias", Get("bias", "true")),
                reduction: ParseReduction("sum"),
                batchSize: Settings.ContainsKey("batch") ? GetInt("batch", 0) : null),
            "logistic" => LogisticRegressionProblem<T>.Seeded(seed, rows: GetInt("n", 200), inputs: GetInt("d", 20),
                separable: ParseBool("separable", Get("separable", "true")), reduction: ParseReduction("mean"),
                batchSize: Settings.ContainsKey("batch") ? GetInt("batch", 0) : null),
            "quadratic" => new QuadraticProblem<T>(Eigenvalues(), seed, ParseBool("rotate", Get("rotate", "true"))),
            "rosenbrock" => new RosenbrockProblem<T>(GetInt("d", 2)),
            _ => throw new ArgumentException($"Unknown problem '{Kind}'. Known: {string.Join(", ", Kinds)}."),
        };
    }

    /// <summary>The problem kinds <see cref="Build{T}"/> knows.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["seed", "least-squares", "logistic", "quadratic", "rosenbrock"];

    private double[] Eigenvalues()
    {
        if (Settings.TryGetValue("eigenvalues", out var list))
        {
            return list.Split(',').Select(text =>
                SettingText.TryNumber(text, out double value) && value >= 0 && double.IsFinite(value)
                    ? value
                    : throw new ArgumentException($"Problem setting 'eigenvalues' takes non-negative numbers like 1,10,100; got '{text}'.")).ToArray();
        }

        int d = GetInt("d", 20);
        string maxText = Get("max_eigenvalue", "100");
        if (!SettingText.TryNumber(maxText, out double max) || !(max >= 1) || !double.IsFinite(max))
            throw new ArgumentException($"Problem setting 'max_eigenvalue' takes a number ≥ 1; got '{maxText}'.");
        return Enumerable.Range(0, d).Select(k => d == 1 ? max : DeterministicMath.Pow(max, (double)k / (d - 1))).ToArray();
    }

    /// <inheritdoc />
    public override string ToString() =>
        Settings.Count == 0 ? Kind : $"{Kind}({string.Join(", ", Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))})";

    private Reduction ParseReduction(string fallback) => Get("reduction", fallback).ToLowerInvariant() switch
    {
        "sum" => Reduction.Sum,
        "mean" => Reduction.Mean,
        var other => throw new ArgumentException($"Problem setting 'reduction' takes sum or mean; got '{other}'."),
    };

    private static bool ParseBool(string key, string text) =>
        SettingText.TryFlag(text, out bool value) ? value : throw new ArgumentException($"Problem setting '{key}' takes true or false; got '{text}'.");
}
