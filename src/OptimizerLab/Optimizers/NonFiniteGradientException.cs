namespace OptimizerLab.Optimizers;

/// <summary>A gradient held NaN or an infinity; the step was not taken and nothing was changed.</summary>
public sealed class NonFiniteGradientException : ArithmeticException
{
    /// <summary>Creates the exception for a non-finite gradient element.</summary>
    public NonFiniteGradientException(long step, string parameterName, int index, double value)
        : base($"Non-finite gradient at step {step}: {parameterName}.grad[{index}] = {value}. No parameter or state was changed.")
    {
        Step = step;
        ParameterName = parameterName;
        Index = index;
    }

    /// <summary>The 1-based optimizer step that was refused.</summary>
    public long Step { get; }

    /// <summary>The parameter whose gradient is non-finite.</summary>
    public string ParameterName { get; }

    /// <summary>The first non-finite element's index.</summary>
    public int Index { get; }
}
