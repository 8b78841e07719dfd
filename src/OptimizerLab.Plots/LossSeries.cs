namespace OptimizerLab.Plots;

/// <summary>One curve of a loss chart, with optional event markers.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Loss">loss[t] for t = 0 … n−1, or the loss at each of <paramref name="Steps"/>.</param>
/// <param name="ReboundStep">Marked with a solid vertical line in the curve's colour, or null.</param>
/// <param name="PredictedReboundStep">Marked with a dashed vertical line in the curve's colour, or null.</param>
/// <param name="Steps">The step of each loss value when the curve is sampled (e.g. a snapshot's recorded steps); null means loss[t] is step t.</param>
public sealed record LossSeries(
    string Label,
    IReadOnlyList<double> Loss,
    int? ReboundStep = null,
    int? PredictedReboundStep = null,
    IReadOnlyList<int>? Steps = null);
