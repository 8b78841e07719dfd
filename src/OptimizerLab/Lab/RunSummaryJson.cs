using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OptimizerLab.Analysis;
using OptimizerLab.Data;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Lab;

/// <summary>
/// The summary of one or more runs as JSON, for machines: each run's spec (with every optimizer option resolved), what
/// the curve analysis found, the rebound prediction, the failure if any, and the plain-sentence explanation. Property
/// names are snake_case; absent values (no rebound, no prediction, NaN) are <c>null</c>. Doubles round-trip exactly.
/// </summary>
public static class RunSummaryJson
{
    /// <summary>The document's <c>format</c> and <c>version</c>; the version is bumped when a property changes meaning or goes away.</summary>
    public static JsonFormat Format { get; } = new("optimizerlab.run-summary", 1, "run summary");

    /// <summary>Options for writers that match this format (indented, non-ASCII text such as λ kept readable).</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A document of this format as text: <c>{ "format", "version", … }</c> with the properties <paramref name="write"/>
    /// writes after the first two.
    /// </summary>
    public static string Serialize(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            Format.WriteHeader(writer);
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The document for <paramref name="runs"/>: <c>{ "format", "version", "runs": [ … ] }</c>; <paramref name="extra"/>
    /// adds a caller's own properties after each run's.
    /// </summary>
    public static string Serialize(IReadOnlyList<RunResult> runs, Action<Utf8JsonWriter, RunResult>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return Serialize(writer => WriteObjects(writer, "runs", runs, (w, run) =>
        {
            WriteRunProperties(w, run);
            extra?.Invoke(w, run);
        }));
    }

    /// <summary>Writes the document to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void Write(string path, IReadOnlyList<RunResult> runs)
    {
        byte[] json = Encoding.UTF8.GetBytes(Serialize(runs) + "\n");
        using var file = AtomicFile.Create(path);
        file.Stream.Write(json);
        file.Commit();
    }

    /// <summary>Writes <c>"name": [ { … }, … ]</c>, one object per item, whose properties <paramref name="write"/> writes.</summary>
    public static void WriteObjects<T>(Utf8JsonWriter writer, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(write);
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            write(writer, item);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <c>"name": [ "…", … ]</c>.</summary>
    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.WriteStartArray(name);
        foreach (string value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    /// <summary>Writes one run's properties into the object the writer is in (so callers can add their own beside them).</summary>
    public static void WriteRunProperties(Utf8JsonWriter writer, RunResult run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        var spec = run.Spec;
        writer.WriteString("label", spec.Label);
        writer.WriteStartObject("spec");
        writer.WriteString("problem", spec.Problem.ToString());
        writer.WriteString("optimizer", spec.Optimizer.ToLowerInvariant());
        writer.WriteStartObject("options");
        foreach (var (name, value) in OptimizerCatalog.Describe(spec.NewOptions())) writer.WriteString(name, value);
        writer.WriteEndObject();
        if (spec.Schedule is null) writer.WriteNull("schedule");
        else writer.WriteString("schedule", spec.Schedule);
        writer.WriteStartObject("schedule_settings");
        foreach (var (name, value) in spec.ScheduleSettings.OrderBy(kv => kv.Key, StringComparer.Ordinal)) writer.WriteString(name, value);
        writer.WriteEndObject();
        Number(writer, "clip_norm", spec.ClipNorm);
        Number(writer, "clip_value", spec.ClipValue);
        writer.WriteString("precision", spec.Precision == Precision.Float32 ? "float32" : "float64");
        writer.WriteNumber("steps", spec.Steps);
        writer.WriteNumber("seed", spec.Seed);
        writer.WriteNumber("diagnostics_every", spec.DiagnosticsEvery);
        writer.WriteNumber("sharpness_every", spec.SharpnessEvery);
        writer.WriteEndObject();

        writer.WriteNumber("steps_run", run.StepsRun);
        if (run.Failure is null) writer.WriteNull("failure");
        else writer.WriteString("failure", run.Failure);

        WriteSummary(writer, run.Summary);
        WritePrediction(writer, run.Prediction);
        WriteStrings(writer, "explanation", run.Explain());
    }

    /// <summary>Writes <c>"summary": { … }</c>: what the curve analysis found.</summary>
    public static void WriteSummary(Utf8JsonWriter writer, CurveSummary summary) => WriteObject(writer, "summary", summary, static (writer, s) =>
    {
        Number(writer, "initial_loss", s.InitialLoss);
        Number(writer, "final_loss", s.FinalLoss);
        Number(writer, "min_loss", s.MinLoss);
        writer.WriteNumber("min_step", s.MinStep);
        Number(writer, "plateau_step", s.PlateauStep);
        Number(writer, "rebound_step", s.ReboundStep);
        Number(writer, "level_after_rebound", s.LevelAfterRebound);
        writer.WriteNumber("monotone_until", s.MonotoneUntil);
        Number(writer, "diverged_step", s.DivergedStep);
    });

    /// <summary>Writes <c>"prediction": { … }</c>: the stability view of the run.</summary>
    public static void WritePrediction(Utf8JsonWriter writer, ReboundPrediction prediction) => WriteObject(writer, "prediction", prediction, static (writer, p) =>
    {
        Number(writer, "threshold", p.Threshold);
        Number(writer, "largest_hessian_eigenvalue", p.LargestHessianEigenvalue);
        Number(writer, "sharpness_at_plateau", p.SharpnessAtPlateau);
        Number(writer, "crossing_step", p.CrossingStep);
        Number(writer, "forecast_crossing_step", p.ForecastCrossingStep);
        Number(writer, "forecast_step", p.ForecastStep);
        Number(writer, "predicted_step", p.PredictedStep);
        Number(writer, "safe_eps", p.SafeEps);
    });

    /// <summary>Writes <c>"name": { … }</c> with the properties <paramref name="write"/> writes of <paramref name="value"/>.</summary>
    private static void WriteObject<T>(Utf8JsonWriter writer, string name, T value, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject(name);
        write(writer, value);
        writer.WriteEndObject();
    }

    /// <summary>A double, or null when it is absent or not finite (JSON has no NaN or infinity).</summary>
    public static void Number(Utf8JsonWriter writer, string name, double? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is double v && double.IsFinite(v)) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }

    /// <summary>An integer, or null when absent.</summary>
    public static void Number(Utf8JsonWriter writer, string name, int? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is int v) writer.WriteNumber(name, v);
        else writer.WriteNull(name);
    }
}
