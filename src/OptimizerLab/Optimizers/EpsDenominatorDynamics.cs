using System.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>
/// The dynamics of an optimizer whose step sizes lr/denominator have eps in the denominator (Adam's family, RMSprop): a large
/// enough eps caps every step size, so it can keep a plateau stable.
/// </summary>
internal abstract class EpsDenominatorDynamics<T, TOptions, TState>(Optimizer<T, TOptions, TState> optimizer)
    : PreconditionedDynamics<T, TOptions, TState>(optimizer)
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions, IEpsOptions
    where TState : ParamState<T>
{
    public override double DenominatorEps => Options.Eps;

    /// <summary>With eps at least lr·h/threshold, no step size can take d·h past the threshold.</summary>
    public override double? SafeEps(double largestHessianEigenvalue) => Options.Lr * largestHessianEigenvalue / Momentum.Threshold;
}
