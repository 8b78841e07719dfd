using System.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>
/// The dynamics of an optimizer read as preconditioned gradient descent, θ ← θ − d∘(its momentum form of g): the lab reads
/// each parameter's step sizes d from its options and state, and the momentum form from the first group's options.
/// </summary>
internal abstract class PreconditionedDynamics<T, TOptions, TState>(Optimizer<T, TOptions, TState> optimizer) : IOptimizerDynamics
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
    where TState : ParamState<T>
{
    /// <summary>The first group's options as they are now (a schedule moves lr): the lab reads one group's form.</summary>
    protected TOptions Options => optimizer.Groups[0].Options;

    public string? StableBecause => null;

    public abstract MomentumForm Momentum { get; }

    public virtual double DenominatorEps => double.NaN;

    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators)
    {
        foreach (var (parameter, o, state, offset) in optimizer.Values())
            Read(o, state, stepSizes.Slice(offset, parameter.Length), denominators.Slice(offset, parameter.Length));
    }

    /// <summary>One parameter's step sizes and denominators; its state is null before its first update.</summary>
    protected abstract void Read(TOptions o, TState? state, Span<double> stepSizes, Span<double> denominators);

    public abstract IStepSizeProjection ProjectStepSizes();

    public virtual double? SafeEps(double largestHessianEigenvalue) => null;
}
