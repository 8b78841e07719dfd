namespace OptimizerLab.Optimizers;

/// <summary>One parameter of a <see cref="FrozenState{TOptions}"/>: its group's options, its step count, where its values are.</summary>
internal readonly record struct FrozenSegment<TOptions>(TOptions Options, long Step, int Offset, int Length);

/// <summary>
/// An optimizer's state copied in double for a step-size projection: per parameter its options and step count, per
/// buffer all values end to end (in <see cref="IOptimizer{T}.Parameters"/> order).
/// </summary>
internal sealed record FrozenState<TOptions>(IReadOnlyList<FrozenSegment<TOptions>> Segments, double[][] Buffers, double Lr, long StepsTaken);

/// <summary>Fills the step sizes of optimizer step <paramref name="step"/> from a frozen state.</summary>
internal delegate void StepSizeFiller(long step, Span<double> stepSizes);

/// <summary>A step-size projection from a frozen state and the optimizer's own formula for future steps.</summary>
internal sealed class StepSizeProjection(long startStep, double lr, StepSizeFiller fill) : IStepSizeProjection
{
    /// <inheritdoc />
    public long StartStep => startStep;

    /// <inheritdoc />
    public double Lr => lr;

    /// <inheritdoc />
    public void StepSizesAt(long step, Span<double> stepSizes)
    {
        if (step < startStep) throw new ArgumentOutOfRangeException(nameof(step), step, $"A projection from step {startStep} cannot look back.");
        fill(step, stepSizes);
    }
}
