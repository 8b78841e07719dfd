namespace OptimizerLab.Analysis;

/// <summary>The recorded curve of a run: the loss at every step and diagnostics at every k-th step.</summary>
public sealed class RunRecords
{
    private readonly int _steps;

    /// <summary>
    /// Creates empty records for up to <paramref name="steps"/> steps. <see cref="Loss"/> starts short and grows (doubling)
    /// as <see cref="Record"/> needs it, so a run asked for billions of steps holds only what it ran so far.
    /// </summary>
    public RunRecords(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        _steps = steps;
        Loss = new double[Math.Min(steps, 1 << 16)];
    }

    /// <summary>Creates records from known values (e.g. read back from a CSV file).</summary>
    public RunRecords(double[] loss, IEnumerable<DiagnosticsRow> diagnostics)
    {
        Loss = loss;
        Diagnostics.AddRange(diagnostics);
    }

    /// <summary>loss[t], the loss before step t+1 (the question's printed pairs (t, loss)).</summary>
    /// <remarks>For records being filled by a run, it may be longer than the steps run so far.</remarks>
    public double[] Loss { get; private set; }

    /// <summary>Sets loss[t], growing <see cref="Loss"/> up to the step count given at construction when t is past its end.</summary>
    internal void Record(int t, double loss)
    {
        if (t >= Loss.Length) Grow(t + 1);
        Loss[t] = loss;
    }

    /// <summary>Makes <see cref="Loss"/> at least <paramref name="length"/> long.</summary>
    internal void Grow(int length)
    {
        if (length <= Loss.Length) return;
        if (length > _steps) throw new ArgumentOutOfRangeException(nameof(length), $"The records hold at most {_steps} steps.");
        long doubled = Math.Max(2L * Loss.Length, length);
        var grown = new double[(int)Math.Min(Math.Min(doubled, _steps), Array.MaxLength)];
        Loss.CopyTo(grown, 0);
        Loss = grown;
    }

    /// <summary>Diagnostics rows in step order.</summary>
    public List<DiagnosticsRow> Diagnostics { get; } = [];

    /// <summary>The sharpness measurements (step, value), in step order.</summary>
    public IEnumerable<(int Step, double Value)> Sharpness =>
        Diagnostics.Where(d => !double.IsNaN(d.Sharpness)).Select(d => (d.Step, d.Sharpness));
}
