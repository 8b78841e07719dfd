using System.Globalization;
using OptimizerLab.Lab;

namespace OptimizerLab.Snapshots.Cases;

/// <summary>
/// One line of the snapshot table: a problem, an optimizer and its torch-named settings (space-separated
/// <c>key=value</c>), the number of steps; it expands to one <see cref="SnapshotCase"/> per precision.
/// </summary>
/// <param name="Problem">Problem kind as <see cref="ProblemSpec"/> names it (e.g. <c>seed</c>).</param>
/// <param name="Optimizer">Optimizer name from the catalog (e.g. <c>adam</c>).</param>
/// <param name="Settings">Torch-named options over the defaults, e.g. <c>"lr=1e-5"</c> or <c>"momentum=0.9 nesterov=true"</c>.</param>
/// <param name="Steps">Long enough to show what the case is about (e.g. lr=1e-5 rebounds after ~14000 steps).</param>
public sealed record CaseLine(string Problem, string Optimizer, string Settings = "", int Steps = 5000)
{
    /// <summary>The seed of every snapshot's data and initial parameters.</summary>
    public const ulong Seed = 0;

    /// <summary>
    /// Sharpness is measured once (step 0) instead of tracked: the forecast made from the optimizer state at the
    /// plateau is what the snapshot shows as the predicted rebound, and tracking would cost most of the run time.
    /// </summary>
    public const int SharpnessEvery = int.MaxValue;

    /// <summary>Diagnostics rows are not part of a snapshot; the plateau forecast takes its own.</summary>
    public const int DiagnosticsEvery = int.MaxValue;

    /// <summary>The float32 and float64 cases of this line.</summary>
    public IEnumerable<SnapshotCase> Expand()
    {
        yield return Case(Precision.Float32);
        yield return Case(Precision.Float64);
    }

    private SnapshotCase Case(Precision precision)
    {
        var settings = ParseSettings(Settings);
        var problem = new ProblemSpec(Problem, new Dictionary<string, string>());
        string settingsPart = settings.Count == 0 ? "" : "." + string.Join("_", settings.Select(s => $"{s.Key}={s.Value}"));
        string name = string.Create(CultureInfo.InvariantCulture,
            $"{Problem}.{Optimizer}{settingsPart}.{(precision == Precision.Float32 ? "f32" : "f64")}");
        var spec = new RunSpec
        {
            Label = name,
            Problem = problem,
            Optimizer = Optimizer,
            OptimizerSettings = settings.ToDictionary(s => s.Key, s => s.Value),
            Precision = precision,
            Steps = Steps,
            Seed = Seed,
            DiagnosticsEvery = DiagnosticsEvery,
            SharpnessEvery = SharpnessEvery,
        };
        return new SnapshotCase(name, spec);
    }

    private static List<KeyValuePair<string, string>> ParseSettings(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2) is [var key, var value] && key.Length > 0 && value.Length > 0
                ? KeyValuePair.Create(key, value)
                : throw new ArgumentException($"Snapshot setting '{pair}' is not key=value."))
            .ToList();
}
