namespace OptimizerLab.Analysis;

/// <summary>
/// A loss curve read from a training log: the logged steps (in the log's own numbering: sparse, 1-based, epochs or row
/// indices) and the loss at each, with the file line each value came from.
/// </summary>
/// <param name="Source">The file's name, for messages.</param>
/// <param name="StepColumn">The column the steps came from, or null when the log has none and the row index is used.</param>
/// <param name="LossColumn">The column the loss came from.</param>
/// <param name="Steps">The logged steps, strictly increasing.</param>
/// <param name="Loss">The loss at each logged step (non-finite values kept: they mark a divergence).</param>
/// <param name="Lines">The 1-based file line of each value.</param>
/// <param name="Columns">Every column of the header, as written.</param>
public sealed record TrainingLog(
    string Source,
    string? StepColumn,
    string LossColumn,
    int[] Steps,
    double[] Loss,
    int[] Lines,
    IReadOnlyList<string> Columns)
{
    /// <summary>What a step is called in sentences: "epoch" for an epoch column, "row" without a step column, else "step".</summary>
    public string Unit => StepColumn is null ? "row" : StepColumn.Equals("epoch", StringComparison.OrdinalIgnoreCase) ? "epoch" : "step";

    /// <summary>True when the steps are 0, 1, 2, … (the lab's own layout), so a table index is a step.</summary>
    public bool HasDenseZeroBasedSteps
    {
        get
        {
            for (int i = 0; i < Steps.Length; i++) if (Steps[i] != i) return false;
            return true;
        }
    }

    /// <summary>
    /// <paramref name="summary"/> (whose steps are indices of <see cref="Loss"/>) with every step replaced by the logged
    /// step at that index, so a sparse or 1-based log is reported in its own numbering.
    /// </summary>
    public CurveSummary AtLoggedSteps(CurveSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        int? Map(int? index) => index is int i ? Steps[i] : null;
        return summary with
        {
            MinStep = Steps[summary.MinStep],
            PlateauStep = Map(summary.PlateauStep),
            ReboundStep = Map(summary.ReboundStep),
            MonotoneUntil = Steps[summary.MonotoneUntil],
            DivergedStep = Map(summary.DivergedStep),
        };
    }
}
