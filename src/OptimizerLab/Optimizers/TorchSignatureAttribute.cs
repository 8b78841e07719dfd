namespace OptimizerLab.Optimizers;

/// <summary>
/// The torch arguments an options record has, in the order of torch's constructor signature (the order options are
/// listed in run specs, snapshot headers and summaries), once per record: an option declared in a shared base record
/// (<c>weight_decay</c>, <c>maximize</c>) stands where each optimizer's signature puts it. A name is the snake case of a
/// property's name, a <see cref="TorchOptionAttribute.Name"/>, or a tuple (<c>betas</c>) whose elements are marked with
/// <see cref="TorchOptionAttribute.Tuple"/>.
/// </summary>
/// <param name="names">torch's argument names in signature order, only those this record has.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class TorchSignatureAttribute(params string[] names) : Attribute
{
    /// <summary>torch's argument names in signature order.</summary>
    public IReadOnlyList<string> Names { get; } = names;
}
