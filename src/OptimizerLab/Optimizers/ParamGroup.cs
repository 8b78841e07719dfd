using System.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>A set of parameters that share one set of options (torch's <c>param_group</c>).</summary>
public sealed class ParamGroup<T, TOptions>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
{
    /// <summary>Creates a group; the options are copied so that groups never share a mutable record by accident.</summary>
    public ParamGroup(IEnumerable<Parameter<T>> parameters, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0)
            throw new ArgumentException("A parameter group must hold at least one parameter.", nameof(parameters));
        options.Validate();
        Options = options with { };
    }

    /// <summary>The parameters, in the order their state is saved.</summary>
    public IReadOnlyList<Parameter<T>> Parameters { get; }

    /// <summary>The group's options; a schedule changes <see cref="OptimizerOptions.Lr"/> here between steps.</summary>
    public TOptions Options { get; internal set; }
}
