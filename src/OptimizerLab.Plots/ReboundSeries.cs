namespace OptimizerLab.Plots;

/// <summary>One setting's rebound steps against the learning rate, for <see cref="ReboundChart"/>.</summary>
/// <param name="Label">Legend text, e.g. "adam eps=1e-8".</param>
/// <param name="Points">(lr, rebound step) pairs; a null step means no rebound within the run.</param>
public sealed record ReboundSeries(string Label, IReadOnlyList<(double Lr, double? ReboundStep)> Points);
