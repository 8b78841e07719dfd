using System.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>
/// An optimizer whose step evaluates the objective several times (torch's <c>step(closure)</c>): L-BFGS. A closure
/// recomputes the loss at the parameters as they are when it is called, writes the gradient into every
/// <see cref="Parameter{T}.Grad"/>, and returns the loss. <see cref="IOptimizer.Step"/> alone cannot take such a step.
/// </summary>
public interface IClosureOptimizer<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>torch's <c>step(closure)</c>: evaluates <paramref name="closure"/> first, and returns that first loss (the loss before the step).</summary>
    double Step(Func<double> closure);

    /// <summary>
    /// The same step when its first evaluation was already made: <paramref name="loss"/> is its value and the parameters'
    /// gradients are its gradient (the lab evaluates once per step for every optimizer); <paramref name="reevaluate"/>
    /// makes every further evaluation.
    /// </summary>
    StepOutcome Step(double loss, Func<double> reevaluate);
}
