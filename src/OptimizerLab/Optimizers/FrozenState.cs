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

/// <summary>The momentum form step <paramref name="step"/> grows by, given the form its step sizes are read against.</summary>
internal delegate MomentumForm GrowthFormOf(long step, MomentumForm form);

/// <summary>
/// A step-size projection from a frozen state and the optimizer's own formula for future steps (and, for an optimizer
/// that folds a moving mix of gradient and buffer into its step sizes, the form its growth follows).
/// </summary>
internal sealed class StepSizeProjection(long startStep, double lr, StepSizeFiller fill, GrowthFormOf? growthForm = null) : IStepSizeProjection
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

    /// <inheritdoc />
    public MomentumForm GrowthForm(long step, MomentumForm form) => growthForm is null ? form : growthForm(step, form);
}

/// <summary>
/// An optimizer's step size on a plateau, for one segment of a <see cref="FrozenState{TOptions}"/> at one projected step:
/// <see cref="At"/> computes what the segment's elements share at that step (powers, bias corrections) once,
/// <see cref="StepSize"/> the step size of one element from its frozen buffer value.
/// </summary>
internal interface ISegmentStepSize<TOptions, TSelf> where TSelf : struct, ISegmentStepSize<TOptions, TSelf>
{
    /// <summary>The scalars of optimizer step <paramref name="step"/> for a segment frozen at step <paramref name="start"/>.</summary>
    static abstract TSelf At(TOptions o, long start, long step);

    /// <summary>
    /// The step size of an element whose frozen buffer values are <paramref name="value"/> and, for an optimizer that freezes
    /// two buffers, <paramref name="second"/> (a one-buffer formula ignores it).
    /// </summary>
    double StepSize(double value, double second);
}

/// <summary>The one projection loop over the segments of a frozen state of one or two buffers.</summary>
internal static class SegmentProjection
{
    /// <summary>A projection that fills each segment's step sizes by <typeparamref name="TFormula"/> from the frozen state's buffers.</summary>
    public static StepSizeProjection Of<TOptions, TFormula>(FrozenState<TOptions> frozen) where TFormula : struct, ISegmentStepSize<TOptions, TFormula>
    {
        double[] values = frozen.Buffers[0];
        double[] second = frozen.Buffers.Length > 1 ? frozen.Buffers[1] : values;
        return new StepSizeProjection(frozen.StepsTaken, frozen.Lr, (step, d) =>
        {
            foreach (var (o, start, offset, length) in frozen.Segments)
            {
                var formula = TFormula.At(o, start, start + (step - frozen.StepsTaken));
                for (int i = offset; i < offset + length; i++) d[i] = formula.StepSize(values[i], second[i]);
            }
        });
    }
}
