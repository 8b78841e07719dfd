namespace OptimizerLab.Schedules;

/// <summary>
/// A schedule setting given once for every parameter group or once per group, as torch accepts a float or a list
/// (<c>max_lr=0.1</c> or <c>max_lr=[0.1, 0.01]</c>). Converts implicitly from a <see cref="double"/> and from a <c>double[]</c>.
/// </summary>
public readonly struct PerGroup
{
    private readonly double _value;
    private readonly double[]? _values;

    /// <summary>The same value for every group.</summary>
    public PerGroup(double value) => _value = value;

    /// <summary>One value per group, in group order.</summary>
    public PerGroup(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values.ToArray();
    }

    /// <summary>The same value for every group.</summary>
    public static implicit operator PerGroup(double value) => new(value);

    /// <summary>One value per group.</summary>
    public static implicit operator PerGroup(double[] values) => new(values);

    /// <summary>True when one value per group was given.</summary>
    public bool IsList => _values is not null;

    /// <summary>How many values were given (1 for a single value).</summary>
    public int Count => _values?.Length ?? 1;

    /// <summary>One value per group; a list of the wrong length fails with torch's message.</summary>
    internal double[] Expand(string name, int groupCount)
    {
        if (_values is null) return Enumerable.Repeat(_value, groupCount).ToArray();
        if (_values.Length != groupCount)
        {
            throw new ArgumentException(
                $"{name} must have the same length as optimizer.param_groups. {name} has {_values.Length} values, param_groups has {groupCount}.",
                name);
        }

        return (double[])_values.Clone();
    }
}
