namespace OptimizerLab.Optimizers;

/// <summary>What one call of <c>Step()</c> did.</summary>
public enum StepOutcome
{
    /// <summary>Parameters and state were updated.</summary>
    Taken,

    /// <summary>A gradient was non-finite and the policy was <see cref="NonFiniteGradientPolicy.SkipStep"/>: nothing changed.</summary>
    SkippedNonFiniteGradient,
}
