using System.Globalization;

namespace OptimizerLab.Lab;

/// <summary>
/// One of n shards of a sweep grid: the points whose grid index i has i mod n = <see cref="Index"/>. Every point
/// belongs to exactly one shard, whatever the machine, so n processes anywhere can share a grid and
/// <see cref="SweepShardManifest"/> can put their runs back in grid order.
/// </summary>
/// <param name="Index">0-based: 0 … Count−1.</param>
/// <param name="Count">How many shards the grid is split into.</param>
public readonly record struct SweepShard(int Index, int Count)
{
    /// <summary>Environment variable for the shard index on engines without their own (e.g. a GitHub Actions matrix).</summary>
    public const string IndexVariable = "OPTIMIZERLAB_SHARD_INDEX";

    /// <summary>Environment variable for the shard count, where no option gives it.</summary>
    public const string CountVariable = "OPTIMIZERLAB_SHARD_COUNT";

    /// <summary>The grid's points that belong to this shard, in grid order.</summary>
    public IReadOnlyList<SweepPoint> Select(IReadOnlyList<SweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var mine = new List<SweepPoint>();
        for (int i = Index; i < points.Count; i += Count) mine.Add(points[i]);
        return mine;
    }

    /// <summary>"i/n" as in --shard 0/3.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>
    /// Parses "i/n" (0 ≤ i &lt; n); throws <see cref="FormatException"/> saying what is wrong, naming <paramref name="source"/>.
    /// </summary>
    public static SweepShard Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new FormatException($"{source} '{text}' is not of the form i/n (e.g. 0/3: the first of three shards).");
        return Create(index, count, source);
    }

    /// <summary>
    /// The shard from the environment of a batch engine: the index from <see cref="IndexVariable"/>, Kubernetes' Indexed
    /// Job <c>JOB_COMPLETION_INDEX</c> or Slurm's <c>SLURM_ARRAY_TASK_ID</c> (less <c>SLURM_ARRAY_TASK_MIN</c>, so
    /// <c>--array=1-3</c> works too), the first one set; the count from <paramref name="count"/>, else
    /// <see cref="CountVariable"/>, else <c>SLURM_ARRAY_TASK_COUNT</c>. Throws <see cref="FormatException"/> naming the
    /// variable that is missing or malformed.
    /// </summary>
    public static SweepShard FromEnvironment(Func<string, string?> environment, int? count)
    {
        ArgumentNullException.ThrowIfNull(environment);
        int? index = null;
        string? from = null;
        foreach (string name in (string[])[IndexVariable, "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"])
        {
            if (environment(name) is not { Length: > 0 } value) continue;
            index = Integer(value, name);
            from = name;
            break;
        }

        if (index is null)
            throw new FormatException($"--shard env: none of {IndexVariable}, JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID is set.");
        if (from == "SLURM_ARRAY_TASK_ID" && environment("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } min)
            index -= Integer(min, "SLURM_ARRAY_TASK_MIN");

        if (count is null)
        {
            foreach (string name in (string[])[CountVariable, "SLURM_ARRAY_TASK_COUNT"])
            {
                if (environment(name) is not { Length: > 0 } value) continue;
                count = Integer(value, name);
                break;
            }
        }

        if (count is null)
            throw new FormatException($"--shard env: the shard count is unknown; give --shard-count or set {CountVariable} (Slurm sets SLURM_ARRAY_TASK_COUNT).");
        return Create(index.Value, count.Value, $"--shard env ({from}={index})");
    }

    private static SweepShard Create(int index, int count, string source)
    {
        if (count < 1) throw new FormatException($"{source}: the shard count must be at least 1; it is {count}.");
        if (index < 0 || index >= count) throw new FormatException($"{source}: the shard index must be 0 … {count - 1}; it is {index}.");
        return new SweepShard(index, count);
    }

    private static int Integer(string value, string name) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new FormatException($"The environment variable {name}='{value}' is not an integer.");
}
