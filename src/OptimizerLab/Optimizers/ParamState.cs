using System.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>An optimizer's state for one parameter: a step count and named buffers, most of them the length of the parameter.</summary>
/// <remarks>
/// Buffer names are torch's <c>state_dict</c> keys (<c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>, ...).
/// A scalar that torch keeps as a 0-d tensor (NAdam's <c>mu_product</c>) is a one-element buffer under its torch key.
/// </remarks>
public abstract class ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>How many updates this parameter has received (torch's <c>state['step']</c>).</summary>
    public long Step { get; set; }

    /// <summary>The buffers in a fixed order, by torch's names; saving and loading go through this list.</summary>
    public abstract IReadOnlyList<(string Name, T[] Values)> Buffers { get; }
}
