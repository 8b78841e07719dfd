namespace OptimizerLab.Lab;

/// <summary>The recorded curve of a run: the loss at every step and diagnostics at every k-th step.</summary>
public sealed class RunRecords
{
    /// <summary>Creates empty records for <paramref name="steps"/> steps.</summary>
    public RunRecords(int steps)
    {
        Loss = new double[steps];
    }

    /// <summary>Creates records from known values (e.g. read back from a CSV file).</summary>
    public RunRecords(double[] loss, IEnumerable<DiagnosticsRow> diagnostics)
    {
        Loss = loss;
        Diagnostics.AddRange(diagnostics);
    }

    /// <summary>loss[t], the loss before step t+1 (the question's printed pairs (t, loss)).</summary>
    public double[] Loss { get; }

    /// <summary>Diagnostics rows in step order.</summary>
    public List<DiagnosticsRow> Diagnostics { get; } = [];

    /// <summary>The sharpness measurements (step, value), in step order.</summary>
    public IEnumerable<(int Step, double Value)> Sharpness =>
        Diagnostics.Where(d => !double.IsNaN(d.Sharpness)).Select(d => (d.Step, d.Sharpness));
}
