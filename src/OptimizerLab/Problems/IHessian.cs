namespace OptimizerLab.Problems;

/// <summary>
/// A constant, symmetric positive semi-definite Hessian over the problem's parameters concatenated in order,
/// applied in double. Used for the rebound prediction (preconditioned sharpness) and to choose safe learning rates.
/// </summary>
public interface IHessian
{
    /// <summary>Number of parameters (the Hessian is Dimension × Dimension).</summary>
    int Dimension { get; }

    /// <summary>result = H·v.</summary>
    void Multiply(ReadOnlySpan<double> v, Span<double> result);

    /// <summary>
    /// λ_max(D^½ H D^½) for D = diag(<paramref name="stepSizes"/>) computed a faster way than power iteration on H, or
    /// null where the problem has none (then <see cref="Lab.PowerIteration"/> iterates on H).
    /// </summary>
    double? LargestPreconditionedEigenvalue(ReadOnlySpan<double> stepSizes) => null;
}
