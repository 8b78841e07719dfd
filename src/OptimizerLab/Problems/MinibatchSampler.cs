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

    /// <summary>The next batch's row indices (valid until the next call).</summary>
    public ReadOnlySpan<int> Next()
    {
        if (_random is null) return _order;
        if (_position >= _order.Length)
        {
            _random.Shuffle(_order);
            _position = 0;
        }

        int take = Math.Min(BatchSize, _order.Length - _position);
        var batch = _order.AsSpan(_position, take);
        _position += take;
        return batch;
    }
}
