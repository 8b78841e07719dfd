namespace OptimizerLab.Optimizers;

/// <summary>What <c>Step()</c> does when a gradient holds NaN or an infinity.</summary>
/// <remarks>The check runs over every gradient before any parameter or state is touched, so either policy leaves nothing half-updated.</remarks>
public enum NonFiniteGradientPolicy
{
    /// <summary>Throw <see cref="NonFiniteGradientException"/> naming the step, the parameter and the index; nothing is changed.</summary>
    Throw,

    /// <summary>Skip the whole step: parameters, optimizer state and step counts stay exactly as they were (like a GradScaler's skipped step).</summary>
    SkipStep,
}
