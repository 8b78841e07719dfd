namespace OptimizerLab.Plots;

/// <summary>One curve of a loss chart, with optional event markers.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Loss">loss[t] for t = 0 … n−1.</param>
/// <param name="ReboundStep">Marked with a solid vertical line in the curve's colour, or null.</param>
/// <param name="PredictedReboundStep">Marked with a dashed vertical line in the curve's colour, or null.</param>
public sealed record LossSeries(string Label, IReadOnlyList<double> Loss, int? ReboundStep = null, int? PredictedReboundStep = null);
