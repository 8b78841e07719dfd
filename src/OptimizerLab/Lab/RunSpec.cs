using System.Globalization;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Lab;

/// <summary>
/// Everything that determines a run: problem, optimizer and its options, precision, steps, seed, and what to record.
/// Two runs with equal specs give the same bits.
/// </summary>
public sealed record RunSpec
{
    /// <summary>A short name for tables and file names, e.g. "adam-f32".</summary>
    public string Label { get; init; } = "run";

    /// <summary>The problem (its data come from <see cref="Seed"/>).</summary>
    public ProblemSpec Problem { get; init; } = ProblemSpec.Seed();

    /// <summary>Optimizer name from <see cref="OptimizerCatalog.Names"/>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Options as torch names them, over the optimizer's defaults (e.g. lr=1e-5).</summary>
    public IReadOnlyDictionary<string, string> OptimizerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>float32 or float64.</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>Number of optimizer steps; losses are recorded for steps 0 … Steps−1 (loss before each step, as the question printed).</summary>
    public int Steps { get; init; } = 5000;

    /// <summary>Seed of the problem's data and initial parameters.</summary>
    public ulong Seed { get; init; }

    /// <summary>Record the diagnostics every k-th step (the loss is recorded every step).</summary>
    public int DiagnosticsEvery { get; init; } = 1;

    /// <summary>Measure the preconditioned sharpness every k-th step (0: never). Needs a problem with a constant Hessian.</summary>
    public int SharpnessEvery { get; init; } = 25;

    /// <summary>The resolved, validated options (defaults overlaid with <see cref="OptimizerSettings"/>).</summary>
    public OptimizerOptions ResolveOptions() => OptimizerCatalog.Options(Optimizer, OptimizerSettings);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "A run needs at least one step.");
        if (DiagnosticsEvery < 1) throw new ArgumentOutOfRangeException(nameof(DiagnosticsEvery), DiagnosticsEvery, "Diagnostics interval must be at least 1.");
        if (SharpnessEvery < 0) throw new ArgumentOutOfRangeException(nameof(SharpnessEvery), SharpnessEvery, "Sharpness interval must be 0 (off) or positive.");
        ResolveOptions();
    }

    /// <summary>One line naming every setting, e.g. for a snapshot header.</summary>
    public string Describe()
    {
        var options = string.Join(", ", OptimizerCatalog.Describe(ResolveOptions()).Select(kv => $"{kv.Key}={kv.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"problem={Problem} seed={Seed} optimizer={Optimizer}({options}) precision={(Precision == Precision.Float32 ? "float32" : "float64")} steps={Steps}");
    }
}
