namespace OptimizerLab.Optimizers;

/// <summary>
/// Declares an options property as one of torch's arguments, once: where it stands in torch's signature (the order
/// options are listed in run specs, snapshot headers and summaries) and, for a tuple argument such as <c>betas</c>,
/// which tuple and which element. Its torch name is the property's name in snake case (<c>WeightDecay</c> → <c>weight_decay</c>).
/// </summary>
/// <param name="position">The argument's index in torch's constructor signature, keyword-only arguments included.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
internal sealed class TorchOptionAttribute(int position) : Attribute
{
    /// <summary>The argument's index in torch's signature.</summary>
    public int Position { get; } = position;

    /// <summary>The tuple argument this property is an element of (<c>betas</c>, <c>etas</c>), or null.</summary>
    public string? Tuple { get; init; }

    /// <summary>The element's index in <see cref="Tuple"/>.</summary>
    public int Index { get; init; }

    /// <summary>The torch name where snake case of the property's name is not it (<c>beta2_decay</c>), or null.</summary>
    public string? Name { get; init; }
}
