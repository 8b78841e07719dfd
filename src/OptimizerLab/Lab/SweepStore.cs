using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OptimizerLab.Analysis;
using OptimizerLab.Data;
using OptimizerLab.State;

namespace OptimizerLab.Lab;

/// <summary>
/// A sweep's finished runs, kept in a folder as each one finishes, so that an interrupted sweep resumes without
/// rerunning them. One JSON file per run, written atomically (a temporary file, flushed to disk, then renamed): a file
/// is there complete or not at all, whenever the process stops. The file's name carries a hash of the run's whole spec
/// (<see cref="RunSpec.ToJson"/>) and of the analysis options, so a run whose spec changed in any setting maps to
/// another file and never picks up a stale result. The file holds the spec, the analysis options, the failure, the
/// curve summary, the prediction and the records (loss per step and diagnostics, numbers in round-trip form), so a
/// loaded run equals the run as it finished, to the bit.
/// </summary>
/// <remarks>
/// Size: the loss curve dominates, about 20 bytes per step (100 KB for a 5000-step run). The folder is the store's
/// own: <see cref="Clear"/> deletes every kept run in it.
/// </remarks>
public sealed class SweepStore
{
    /// <summary>
    /// A kept run's <c>format</c> and the version this code writes and reads; the version is bumped when a property
    /// changes meaning or goes away, or when the file names' hash changes. Version 2: the spec's <c>optimizerSettings</c> (part of the hash) holds the options that differ
    /// from the optimizer's defaults in round-trip form (<c>lr: 1E-05</c>), no longer the text as given (<c>lr: 1e-5</c>).
    /// </summary>
    public static JsonFormat Format { get; } = new("optimizerlab.sweep-run", 2, "kept sweep run");

    // Strict reading: a property the records' constructors need that is missing or null is an error, not a zero.
    private static readonly JsonSerializerOptions Json = new(OptimizerStateFormat.Json)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    private readonly string _analysisJson;
    private readonly Lazy<bool> _checked;

    /// <summary>A store in <paramref name="folder"/> (created at the first save) for runs analysed with <paramref name="analysis"/>.</summary>
    public SweepStore(string folder, CurveAnalysisOptions? analysis = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        Analysis = analysis ?? new CurveAnalysisOptions();
        _analysisJson = JsonSerializer.Serialize(Analysis, Json);
        _checked = new Lazy<bool>(CheckVersions);
    }

    /// <summary>The folder's full path.</summary>
    public string Folder { get; }

    /// <summary>The analysis options the kept runs were (and new runs are) analysed with; part of every file's key.</summary>
    public CurveAnalysisOptions Analysis { get; }

    /// <summary>
    /// Where the run of <paramref name="spec"/> is kept: <c>label.hash.json</c>, the label made file-safe and cut to 60
    /// characters for people listing the folder, the hash (128 bits of SHA-256 over the spec and the analysis options)
    /// for the machine.
    /// </summary>
    public string PathOf(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        byte[] key = Encoding.UTF8.GetBytes(spec.ToJson().ToJsonString() + "\n" + _analysisJson);
        string hash = Convert.ToHexStringLower(SHA256.HashData(key), 0, 16);
        return Path.Combine(Folder, $"{FileSafe(spec.Label)}.{hash}.json");
    }

    /// <summary>Keeps a finished run (atomically; an earlier file of the same run is replaced).</summary>
    public void Save(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(Folder);
        using var file = AtomicFile.Create(PathOf(run.Spec));
        using (var writer = new Utf8JsonWriter(file.Stream))
        {
            writer.WriteStartObject();
            Format.WriteHeader(writer);
            writer.WritePropertyName("spec");
            run.Spec.ToJson().WriteTo(writer);
            writer.WritePropertyName("analysis");
            JsonSerializer.Serialize(writer, Analysis, Json);
            if (run.Failure is null) writer.WriteNull("failure");
            else writer.WriteString("failure", run.Failure);
            writer.WritePropertyName("summary");
            JsonSerializer.Serialize(writer, run.Summary, Json);
            writer.WritePropertyName("prediction");
            JsonSerializer.Serialize(writer, run.Prediction, Json);
            writer.WritePropertyName("loss");
            JsonSerializer.Serialize(writer, run.Records.Loss, Json);
            writer.WritePropertyName("diagnostics");
            JsonSerializer.Serialize(writer, run.Records.Diagnostics, Json);
            writer.WriteEndObject();
        }

        file.Commit();
    }

    /// <summary>
    /// The kept run of <paramref name="spec"/>, or null when none is kept. A file that cannot be read, or that holds
    /// another run or analysis, throws <see cref="InvalidDataException"/> naming the file: it is not silently rerun,
    /// since writes are atomic and such a file means it was edited or the disk is failing.
    /// </summary>
    public RunResult? Load(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _ = _checked.Value;
        string path = PathOf(spec);
        if (!File.Exists(path)) return null;
        try
        {
            return Read(JsonNode.Parse(File.ReadAllBytes(path)), spec);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException or ArgumentException)
        {
            string reason = string.Join(" ", e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            throw new InvalidDataException($"The kept sweep run '{path}' cannot be used: {reason} Delete the file to run '{spec.Label}' again.", e);
        }
    }

    /// <summary>Deletes every kept run (and temporary files a killed process left); returns how many runs were deleted.</summary>
    public int Clear()
    {
        if (!Directory.Exists(Folder)) return 0;
        int deleted = 0;
        foreach (string path in Directory.EnumerateFiles(Folder, "*.json"))
        {
            File.Delete(path);
            deleted++;
        }

        foreach (string path in Directory.EnumerateFiles(Folder, ".*.tmp")) File.Delete(path);
        return deleted;
    }

    /// <summary>
    /// Refuses a folder kept by a build with another format version: its file names may hash the specs differently, so
    /// its runs would not be found and would silently run again.
    /// </summary>
    private bool CheckVersions()
    {
        if (!Directory.Exists(Folder)) return true;
        foreach (string path in Directory.EnumerateFiles(Folder, "*.json"))
        {
            // The version is the second property of every kept file ({"format":…,"version":N,…}), well within its first bytes.
            var head = new byte[256];
            int length;
            using (var file = File.OpenRead(path)) length = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var reader = new Utf8JsonReader(head.AsSpan(0, length), isFinalBlock: false, state: default);
            int? version = null;
            try
            {
                while (version is null && reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("version") && reader.Read() && reader.TokenType == JsonTokenType.Number)
                        version = reader.GetInt32();
                }
            }
            catch (JsonException)
            {
                // Not JSON: Load names the file when it meets it.
            }

            if (version is int found && found != Format.Version)
            {
                throw new InvalidDataException(
                    $"The kept sweep runs in '{Folder}' are of format version {found} (written by an earlier build); this build keeps format version {Format.Version}, " +
                    "whose file names hash the runs' options otherwise, so it would not find them and would run them again. " +
                    "Start the sweep afresh (without --resume), or finish it with the build that started it.");
            }
        }

        return true;
    }

    private RunResult Read(JsonNode? root, RunSpec spec)
    {
        if (root is not JsonObject document) throw new InvalidDataException("It is not a JSON object.");
        Format.Check(document);
        var stored = RunSpec.FromJson(document["spec"] ?? throw new InvalidDataException("It lacks \"spec\"."));
        if (!stored.SameRunAs(spec)) throw new InvalidDataException($"It holds another run ('{stored.Label}': {stored.Describe()}).");
        string analysis = document["analysis"]?.ToJsonString() ?? throw new InvalidDataException("It lacks \"analysis\".");
        if (analysis != _analysisJson) throw new InvalidDataException($"It was analysed with other options ({analysis}).");

        T Required<T>(string name) where T : class =>
            document[name].Deserialize<T>(Json) ?? throw new InvalidDataException($"It lacks \"{name}\".");
        var loss = Required<double[]>("loss");
        if (loss.Length == 0 || loss.Length > spec.Steps)
            throw new InvalidDataException($"It records {loss.Length} losses for a run of {spec.Steps} steps.");
        string? failure = document["failure"]?.GetValue<string>();
        if (failure is null && loss.Length != spec.Steps)
            throw new InvalidDataException($"It records {loss.Length} losses for a run of {spec.Steps} steps that did not fail.");
        var records = new RunRecords(loss, Required<List<DiagnosticsRow>>("diagnostics"));
        return new RunResult(spec, records, Required<CurveSummary>("summary"), Required<ReboundPrediction>("prediction"), failure);
    }

    private static string FileSafe(string label)
    {
        var name = new StringBuilder(label.Length);
        foreach (char c in label.Trim()) name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-');
        string text = name.ToString().Trim('-', '.');
        if (text.Length > 60) text = text[..60].TrimEnd('-', '.');
        return text.Length == 0 ? "run" : text;
    }
}
