namespace OptimizerLab.Optimizers;

/// <summary>
/// Declares what an options property is in torch where its name alone does not say it: an element of a tuple argument
/// (<c>betas</c>, <c>etas</c>), or a torch name that is not the snake case of the property's name (<c>beta2_decay</c>).
/// A property needs it only then; which properties are options, and in what order, says <see cref="TorchSignatureAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
internal sealed class TorchOptionAttribute : Attribute
{
    /// <summary>The tuple argument this property is an element of (<c>betas</c>, <c>etas</c>), or null.</summary>
    public string? Tuple { get; init; }

    /// <summary>The element's index in <see cref="Tuple"/>.</summary>
    public int Index { get; init; }

    /// <summary>The torch name where snake case of the property's name is not it (<c>beta2_decay</c>), or null.</summary>
    public string? Name { get; init; }
}
