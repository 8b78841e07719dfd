using OptimizerLab.Analysis;

namespace OptimizerLab.Lab;

/// <summary>
/// Where a streamed run's records go as they are made (typically a CSV file written as the run goes), instead of
/// memory: a <see cref="RunSession{T}"/> given one keeps only what its analysis needs in constant memory, and reads
/// values back from the stream for the two medians it reports (the level after the rebound, the gradient norm while
/// the denominators fall).
/// </summary>
public interface IRunRecordStream
{
    /// <summary>The loss before step <paramref name="step"/>+1; steps come in order, each once.</summary>
    void Add(int step, double loss);

    /// <summary>The diagnostics taken at a step, after that step's loss.</summary>
    void Add(in DiagnosticsRow row);

    /// <summary>The losses of steps <paramref name="from"/> … <paramref name="to"/>−1, read back; may be enumerated several times.</summary>
    IEnumerable<double> Losses(int from, int to);

    /// <summary>The gradient norms of the diagnostics rows of steps <paramref name="from"/> … <paramref name="to"/> (inclusive), read back; may be enumerated several times.</summary>
    IEnumerable<double> GradNorms(int from, int to);

    /// <summary>
    /// Continues an interrupted run: keeps the records of steps 0 … <paramref name="steps"/>−1 written before it (and
    /// drops any written after them) and returns them in step order, each loss with its step's diagnostics row if it
    /// had one; the next <see cref="Add(int, double)"/> is then step <paramref name="steps"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream holds fewer steps than <paramref name="steps"/>.</exception>
    IEnumerable<(double Loss, DiagnosticsRow? Diagnostics)> Resume(int steps);
}
