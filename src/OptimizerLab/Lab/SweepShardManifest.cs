using System.Text;
using System.Text.Json.Nodes;
using OptimizerLab.Data;
using OptimizerLab.State;

namespace OptimizerLab.Lab;

/// <summary>
/// What a finished shard leaves beside its kept runs (<c>sweep-shard.json</c>): the whole grid (each point's setting and
/// spec, in grid order), which shard this is, and the output settings the merged sweep needs. <see cref="Merge"/> reads
/// the manifests of all shards and returns the grid's runs in grid order, loaded from the shard that ran each.
/// </summary>
public static class SweepShardManifest
{
    /// <summary>The manifest's file name in a shard's output folder.</summary>
    public const string FileName = "sweep-shard.json";

    /// <summary>The manifest's <c>format</c> and the version this code writes and reads.</summary>
    public static JsonFormat Format { get; } = new("optimizerlab.sweep-shard", 1, "shard manifest");

    /// <summary>Writes the manifest of <paramref name="shard"/> of <paramref name="points"/> into <paramref name="folder"/> atomically.</summary>
    public static void Write(string folder, IReadOnlyList<SweepPoint> points, SweepShard shard, bool saveRuns)
    {
        ArgumentNullException.ThrowIfNull(points);
        var document = Format.Header();
        document["shard"] = shard.Index;
        document["shards"] = shard.Count;
        document["save_runs"] = saveRuns;
        document["points"] = new JsonArray(points.Select(p => (JsonNode)new JsonObject { ["setting"] = p.Setting, ["spec"] = p.Spec.ToJson() }).ToArray());
        using var file = AtomicFile.Create(Path.Combine(folder, FileName));
        file.Stream.Write(Encoding.UTF8.GetBytes(document.ToJsonString() + "\n"));
        file.Commit();
    }

    /// <summary>The merged grid: its points in grid order, their runs, and whether the shards were asked to save run CSVs.</summary>
    /// <param name="Points">The grid.</param>
    /// <param name="Runs">One finished run per point, in grid order.</param>
    /// <param name="RunFiles">Per point, the kept file it was loaded from.</param>
    /// <param name="SaveRuns">--save-runs as the shards had it.</param>
    public sealed record Merged(IReadOnlyList<SweepPoint> Points, IReadOnlyList<SweepRun> Runs, IReadOnlyList<string> RunFiles, bool SaveRuns);

    /// <summary>
    /// Reads the shards' folders (any order) and joins them. Throws <see cref="InvalidDataException"/> naming the folder
    /// or file when a manifest is missing or malformed, the shards are of different grids or counts, a shard is missing
    /// or given twice, or a shard lacks a run it owns.
    /// </summary>
    public static Merged Merge(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0) throw new InvalidDataException("sweep merge needs the output folders of the shards.");
        string? grid = null;
        int count = 0;
        bool saveRuns = false;
        IReadOnlyList<SweepPoint>? points = null;
        var byIndex = new Dictionary<int, string>();
        foreach (string folder in folders)
        {
            string path = Path.Combine(folder, FileName);
            if (!File.Exists(path)) throw new InvalidDataException($"{path}: not found; a shard writes it when all its runs are done (sweep --shard i/n).");
            JsonNode root;
            int index, shards;
            string thisGrid;
            try
            {
                root = JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException("it is empty.");
                Format.Check(root as JsonObject ?? throw new InvalidDataException("it is not a JSON object."));
                index = root["shard"]?.GetValue<int>() ?? throw new InvalidDataException("it lacks \"shard\".");
                shards = root["shards"]?.GetValue<int>() ?? throw new InvalidDataException("it lacks \"shards\".");
                thisGrid = root["points"]?.ToJsonString() ?? throw new InvalidDataException("it lacks \"points\".");
                if (grid is null)
                {
                    grid = thisGrid;
                    count = shards;
                    saveRuns = root["save_runs"]?.GetValue<bool>() ?? false;
                    points = root["points"]!.AsArray()
                        .Select(p => new SweepPoint(
                            p?["setting"]?.GetValue<string>() ?? throw new InvalidDataException("a point lacks \"setting\"."),
                            RunSpec.FromJson(p["spec"] ?? throw new InvalidDataException("a point lacks \"spec\"."))))
                        .ToArray();
                }
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException or InvalidDataException)
            {
                throw new InvalidDataException($"{path}: malformed: {e.Message}", e);
            }

            if (index < 0 || index >= shards) throw new InvalidDataException($"{path}: shard {index}/{shards} is out of range.");
            if (thisGrid != grid || shards != count)
            {
                throw new InvalidDataException($"{path}: shard {index}/{shards} is of another sweep than {folders[0]} (another grid or shard count).");
            }

            if (!byIndex.TryAdd(index, folder)) throw new InvalidDataException($"{folder}: shard {index}/{count} was given twice (also {byIndex[index]}).");
        }

        var missing = Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"shard {string.Join(", ", missing.Select(i => $"{i}/{count}"))} missing: give every shard's output folder.");

        var runs = new SweepRun[points!.Count];
        var files = new string[points.Count];
        var stores = byIndex.ToDictionary(kv => kv.Key, kv => new SweepStore(Path.Combine(kv.Value, ".sweep")));
        for (int i = 0; i < points.Count; i++)
        {
            var store = stores[i % count];
            var result = store.Load(points[i].Spec)
                ?? throw new InvalidDataException($"{byIndex[i % count]}: shard {i % count}/{count} has no kept run for '{points[i].Spec.Label}'.");
            runs[i] = new SweepRun(points[i], result);
            files[i] = store.PathOf(points[i].Spec);
        }

        return new Merged(points, runs, files, saveRuns);
    }
}
