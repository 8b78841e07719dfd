using System.Globalization;

namespace OptimizerLab.Properties.Gate;

/// <summary>
/// The two ways the properties run. The gate (default): every property from <see cref="CommittedSeed"/>, so a commit
/// gets the same verdict on every machine and every run. Exploration (<c>OPTIMIZERLAB_EXPLORE=N</c>): fresh seeds and N
/// times the cases, to look for counterexamples the gate's fixed cases miss (docs/testing.md).
/// </summary>
public static class ExploreMode
{
    public const string Variable = "OPTIMIZERLAB_EXPLORE";

    /// <summary>FsCheck's (seed, gamma) of the gate; the gamma is odd, as SplitMix's must be.</summary>
    public const string CommittedSeed = "(2026120313,11400714819323198485)";

    /// <summary>FsCheck's default number of cases, when a property gives none.</summary>
    public const int DefaultCases = 100;

    /// <summary>N of <c>OPTIMIZERLAB_EXPLORE=N</c>, or null on the gate.</summary>
    public static int? Factor { get; } = Parse(Environment.GetEnvironmentVariable(Variable));

    public static bool Exploring => Factor is not null;

    /// <summary>The cases a property runs: as written on the gate, N times as many when exploring.</summary>
    public static int Cases(int gateCases) => checked(gateCases * (Factor ?? 1));

    internal static int? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= 10_000) return n;
        throw new InvalidOperationException($"{Variable}={value}: expected a whole number of times the gate's cases, 1 to 10000.");
    }
}
