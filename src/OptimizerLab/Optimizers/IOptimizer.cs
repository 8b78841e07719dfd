using System.Numerics;
using OptimizerLab.State;

namespace OptimizerLab.Optimizers;

/// <summary>What schedules, clipping, checkpoints and the lab need of any optimizer, whatever its element type.</summary>
public interface IOptimizer : IStateful
{
    /// <summary>Each parameter group's options, in group order; schedules change the learning rate here.</summary>
    IReadOnlyList<OptimizerOptions> GroupOptions { get; }

    /// <summary>How many steps were taken (skipped steps do not count).</summary>
    long StepsTaken { get; }

    /// <summary>Updates every parameter that has a gradient; see <see cref="NonFiniteGradientPolicy"/> for non-finite gradients.</summary>
    StepOutcome Step();
}

/// <summary>An optimizer over parameters of element type <typeparamref name="T"/> (float or double).</summary>
public interface IOptimizer<T> : IOptimizer where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Every parameter the optimizer updates, group by group.</summary>
    IEnumerable<Parameter<T>> Parameters { get; }

    /// <summary>
    /// What a step does with a NaN or infinite gradient: throw (the default) or skip the whole step. Every optimizer has
    /// it, so it is set on the optimizer (<c>new Adam&lt;double&gt;(parameters) { NonFiniteGradients = ... }</c>) rather than
    /// passed to each constructor; each step reads it.
    /// </summary>
    NonFiniteGradientPolicy NonFiniteGradients { get; set; }

    /// <summary>How the optimizer looks to the lab's stability analysis: its step sizes now, their future on a plateau, its stability threshold.</summary>
    IOptimizerDynamics Dynamics { get; }
}
