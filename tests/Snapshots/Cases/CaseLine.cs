using System.Globalization;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Snapshots.Cases;

/// <summary>
/// One line of the snapshot table: a problem, an optimizer and its torch-named settings (space-separated
/// <c>key=value</c>), optionally a schedule and gradient clipping, and the number of steps; it expands to one
/// <see cref="SnapshotCase"/> per precision.
/// </summary>
/// <param name="Problem">Problem kind as <see cref="ProblemSpec"/> names it (e.g. <c>seed</c>).</param>
/// <param name="Optimizer">Optimizer name from the catalog (e.g. <c>adam</c>).</param>
/// <param name="Settings">Torch-named options over the defaults, e.g. <c>"lr=1e-5"</c> or <c>"momentum=0.9 nesterov=true"</c>.</param>
/// <param name="Steps">Long enough to show what the case is about (e.g. lr=1e-5 rebounds after ~14000 steps).</param>
/// <param name="Schedule">A schedule's torch name and settings, e.g. <c>"steplr step_size=1000 gamma=0.5"</c>; empty for a constant lr.</param>
/// <param name="Clip">Gradient clipping, <c>"clip_norm=1"</c> and/or <c>"clip_value=0.1"</c>; empty for none.</param>
public sealed record CaseLine(string Problem, string Optimizer, string Settings = "", int Steps = 5000, string Schedule = "", string Clip = "")
{
    /// <summary>The seed of every snapshot's data and initial parameters.</summary>
    public const ulong Seed = 0;

    /// <summary>
    /// Sharpness is measured once (step 0) instead of tracked: the forecast made from the optimizer state at the
    /// plateau is what the snapshot shows as the predicted rebound, and tracking would cost most of the run time.
    /// </summary>
    public const int SharpnessEvery = int.MaxValue;

    /// <summary>Diagnostics rows are not part of a snapshot (the plateau forecast takes its own).</summary>
    public const int DiagnosticsEvery = int.MaxValue;

    /// <summary>The float32 and float64 cases of this line.</summary>
    public IEnumerable<SnapshotCase> Expand()
    {
        yield return Case(Precision.Float32);
        yield return Case(Precision.Float64);
    }

    private SnapshotCase Case(Precision precision)
    {
        var settings = Pairs(Settings);
        string[] scheduleWords = Schedule.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        string? schedule = scheduleWords.Length == 0 ? null : scheduleWords[0];
        var scheduleSettings = scheduleWords.Length == 2 ? Pairs(scheduleWords[1]) : [];
        var clip = Pairs(Clip);
        string name = string.Join(".", new[]
        {
            Problem,
            Optimizer,
            NamePart(settings),
            schedule ?? "",
            NamePart(scheduleSettings),
            NamePart(clip),
            precision == Precision.Float32 ? "f32" : "f64",
        }.Where(part => part.Length > 0));
        var spec = new RunSpec
        {
            Label = name,
            Problem = new ProblemSpec(Problem, new Dictionary<string, string>()),
            Optimizer = Optimizer,
            Options = settings.Count == 0 ? null : OptimizerCatalog.Options(Optimizer, settings),
            Schedule = schedule,
            ScheduleSettings = scheduleSettings.ToDictionary(s => s.Key, s => s.Value),
            ClipNorm = Number(clip, "clip_norm"),
            ClipValue = Number(clip, "clip_value"),
            Precision = precision,
            Steps = Steps,
            Seed = Seed,
            DiagnosticsEvery = DiagnosticsEvery,
            SharpnessEvery = SharpnessEvery,
        };
        return new SnapshotCase(name, spec);
    }

    /// <summary>Settings as they appear in a case name: <c>key=value</c> joined by <c>_</c>, with <c>;</c> (list separator) as <c>,</c>.</summary>
    public static string NamePart(IEnumerable<KeyValuePair<string, string>> settings) =>
        string.Join("_", settings.Select(s => $"{s.Key}={s.Value.Replace(';', ',')}"));

    private static double? Number(List<KeyValuePair<string, string>> pairs, string key)
    {
        foreach (var (k, text) in pairs)
        {
            if (k != key) continue;
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                ? value
                : throw new ArgumentException($"Snapshot setting '{key}' takes a number; got '{text}'.");
        }

        if (pairs.FirstOrDefault(p => p.Key is not ("clip_norm" or "clip_value")) is { Key: not null } unknown)
            throw new ArgumentException($"Unknown clipping setting '{unknown.Key}'; use clip_norm or clip_value.");
        return null;
    }

    private static List<KeyValuePair<string, string>> Pairs(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2) is [var key, var value] && key.Length > 0 && value.Length > 0
                ? KeyValuePair.Create(key, value)
                : throw new ArgumentException($"Snapshot setting '{pair}' is not key=value."))
            .ToList();
}
