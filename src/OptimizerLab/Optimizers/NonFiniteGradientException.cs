namespace OptimizerLab.Optimizers;

/// <summary>A gradient held NaN or an infinity; the step was not taken and nothing was changed.</summary>
/// <param name="step">The step that was refused.</param>
/// <param name="parameterName">The parameter whose gradient is non-finite.</param>
/// <param name="index">The first non-finite element's index.</param>
/// <param name="value">That element's value, for the message.</param>
public sealed class NonFiniteGradientException(long step, string parameterName, int index, double value)
    : ArithmeticException($"Non-finite gradient at step {step}: {parameterName}.grad[{index}] = {value}. No parameter or state was changed.")
{
    /// <summary>The 1-based optimizer step that was refused.</summary>
    public long Step { get; } = step;

    /// <summary>The parameter whose gradient is non-finite.</summary>
    public string ParameterName { get; } = parameterName;

    /// <summary>The first non-finite element's index.</summary>
    public int Index { get; } = index;
}
