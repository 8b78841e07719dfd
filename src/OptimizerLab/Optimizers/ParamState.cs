using System.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>An optimizer's state for one parameter: a step count and named buffers, most of them the length of the parameter.</summary>
/// <remarks>
/// Buffer names are torch's <c>state_dict</c> keys (<c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>, ...).
/// A scalar that torch keeps as a 0-d tensor (NAdam's <c>mu_product</c>) is a one-element buffer under its torch key.
/// A concrete state names its buffers once, in its constructor, and reads them with <see cref="Buffer"/>.
/// </remarks>
public abstract class ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private (string Name, T[] Values)[] _buffers;

    /// <summary>A zero buffer of <paramref name="length"/> elements under each of <paramref name="names"/>, in that order.</summary>
    protected ParamState(int length, params string[] names) =>
        _buffers = Array.ConvertAll(names, name => (name, new T[length]));

    /// <summary>The given buffers, in that order.</summary>
    protected ParamState(params (string Name, T[] Values)[] buffers) => _buffers = buffers;

    /// <summary>How many updates this parameter has received (torch's <c>state['step']</c>).</summary>
    public long Step { get; set; }

    /// <summary>The buffers in a fixed order, by torch's names; saving and loading go through this list.</summary>
    public IReadOnlyList<(string Name, T[] Values)> Buffers => _buffers;

    /// <summary>The buffer saved under <paramref name="name"/>, or an empty array where this state has none (its option is off).</summary>
    protected T[] Buffer(string name)
    {
        foreach (var (bufferName, values) in _buffers)
        {
            if (bufferName == name) return values;
        }

        return [];
    }

    /// <summary>Appends a zero buffer of <paramref name="length"/> elements under <paramref name="name"/> (an option switched on after the first step).</summary>
    private protected void AddBuffer(string name, int length) => _buffers = [.. _buffers, (name, new T[length])];
}
