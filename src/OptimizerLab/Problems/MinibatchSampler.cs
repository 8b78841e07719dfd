using System.Text.Json;
using OptimizerLab.Data;

namespace OptimizerLab.Problems;

/// <summary>
/// Hands out row indices batch by batch like a shuffling DataLoader with drop_last=False: each epoch is a fresh
/// seeded permutation of the rows, cut into consecutive batches. A batch size of N or more means full batch, in order.
/// </summary>
public sealed class MinibatchSampler
{
    private readonly int[] _order;
    private readonly SeededRandom? _random;
    private int _position;
    private int _batchStart = -1;

    /// <summary>Creates a sampler over <paramref name="rows"/> rows.</summary>
    public MinibatchSampler(int rows, int? batchSize, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        if (batchSize is <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be at least 1.");
        BatchSize = Math.Min(batchSize ?? rows, rows);
        _order = Enumerable.Range(0, rows).ToArray();
        if (BatchSize < rows) _random = new SeededRandom(seed);
        _position = rows; // forces a shuffle before the first batch
    }

    /// <summary>Rows per batch.</summary>
    public int BatchSize { get; }

    /// <summary>True when every batch is the whole data set in order.</summary>
    public bool IsFullBatch => _random is null;

    /// <summary>The sampler's position for a checkpoint: the current epoch's order, the position in it, and the RNG state.</summary>
    public System.Text.Json.Nodes.JsonObject SaveState() => new()
    {
        ["order"] = System.Text.Json.JsonSerializer.SerializeToNode(_order),
        ["position"] = _position,
        ["random"] = _random is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(_random.SaveState()),
    };

    /// <summary>Restores a position saved by <see cref="SaveState"/> for the same number of rows and batch size.</summary>
    public void LoadState(System.Text.Json.Nodes.JsonNode? state)
    {
        int[] order = state?["order"].Deserialize<int[]>() ?? throw new InvalidDataException("The sampler state lacks \"order\".");
        int position = state["position"]?.GetValue<int>() ?? throw new InvalidDataException("The sampler state lacks \"position\".");
        if (order.Length != _order.Length || !order.Order().SequenceEqual(Enumerable.Range(0, _order.Length)))
            throw new InvalidDataException($"The sampler state's order is not a permutation of {_order.Length} rows.");
        if (position < 0 || position > order.Length) throw new InvalidDataException($"The sampler state's position {position} is outside 0…{order.Length}.");
        ulong[]? random = state["random"].Deserialize<ulong[]>();
        if ((random is null) != (_random is null))
            throw new InvalidDataException("The sampler state was saved with another batch size (full batch vs minibatches).");
        if (random is not null) _random!.LoadState(random);
        order.CopyTo(_order, 0);
        _position = position;
        _batchStart = -1;
    }

    /// <summary>The next batch's row indices (valid until the next call).</summary>
    public ReadOnlySpan<int> Next()
    {
        if (_random is null) return _order;
        if (_position >= _order.Length)
        {
            _random.Shuffle(_order);
            _position = 0;
        }

        _batchStart = _position;
        _position += Math.Min(BatchSize, _order.Length - _position);
        return Current;
    }

    /// <summary>The row indices <see cref="Next"/> last returned (all rows before the first call and for full batch).</summary>
    public ReadOnlySpan<int> Current => _random is null || _batchStart < 0 ? _order : _order.AsSpan(_batchStart, _position - _batchStart);
}
