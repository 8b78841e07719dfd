using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Problems;

/// <summary>
/// A differentiable objective with its trainable parameters and an analytic gradient, in float or double.
/// </summary>
public abstract class Problem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A short description of the problem and its sizes, e.g. "least squares N=64 D_in=1000 D_out=1, sum".</summary>
    public abstract string Description { get; }

    /// <summary>The trainable parameters (torch's <c>model.parameters()</c>), in a fixed order.</summary>
    public abstract IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>
    /// The loss at the current parameters on the next batch (the full data set unless the problem samples minibatches),
    /// computed in T, and its gradient written into every parameter's <see cref="Parameter{T}.Grad"/>.
    /// </summary>
    public abstract double LossAndGradient();

    /// <summary>
    /// <see cref="LossAndGradient"/> again at the current parameters on the batch it last drew, as a torch closure over
    /// one batch does (L-BFGS evaluates several times per step). The same as <see cref="LossAndGradient"/> for a
    /// full-batch problem; a problem that samples minibatches overrides it.
    /// </summary>
    public virtual double LossAndGradientOnSameBatch() =>
        Sampler is null ? LossAndGradient() : throw new NotSupportedException($"{GetType().Name} samples minibatches but cannot re-evaluate one.");

    /// <summary>The full-batch loss at the current parameters, without touching gradients.</summary>
    public abstract double Loss();

    /// <summary>The constant Hessian of a quadratic problem (least squares, quadratic), or null where the Hessian varies.</summary>
    public virtual IHessian? Hessian => null;

    /// <summary>The minibatch sampler whose position a checkpoint must save, or null for full-batch problems.</summary>
    public virtual MinibatchSampler? Sampler => null;

    /// <summary>Total number of trainable values.</summary>
    public int ParameterCount => Parameters.Sum(p => p.Length);
}
