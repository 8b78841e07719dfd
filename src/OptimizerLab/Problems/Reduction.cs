namespace OptimizerLab.Problems;

/// <summary>How per-sample losses are combined, as torch's <c>reduction</c> argument.</summary>
public enum Reduction
{
    /// <summary>Sum over samples and outputs (torch's <c>reduction='sum'</c>, the seed question's <c>size_average=False</c>).</summary>
    Sum,

    /// <summary>Mean over samples and outputs (torch's default).</summary>
    Mean,
}
