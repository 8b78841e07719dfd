using System.Numerics;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// An element-wise optimizer kernel: the per-step scalars of its update (a record struct, computed in double and rounded to
/// T once) and the update itself, written once for every width with <see cref="ILanes{TSelf, T}"/> operations.
/// <see cref="ElementwiseSpans{T}.Run{TLanes, TKernel}"/> applies it to every group of elements: it loads p and g and
/// applies the kernel's <see cref="Opening"/> (maximize, weight decay: the part torch's optimizers share), hands them to
/// <see cref="Step{TLanes}"/>, and stores what that returns as the new p.
/// </summary>
/// <remarks>
/// A kernel implements <see cref="Step{TLanes}"/> explicitly (only the loop calls it) and puts it first, its scalars
/// below it as required init properties: the per-element formula is what a reader of a kernel looks for.
/// The kernel splats its scalars where <see cref="Step{TLanes}"/> uses them: the loop holds the kernel in a local, so
/// the JIT sees each splat as loop-invariant and hoists it out of the loop (one broadcast per call, not per group).
/// </remarks>
internal interface IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Maximize and weight decay, applied to p and g before <see cref="Step{TLanes}"/> sees them.</summary>
    OpeningScalars<T> Opening { get; }

    /// <summary>
    /// Whether the update reads and writes state buffer <paramref name="buffer"/> (0 to 2) with these scalars; a buffer it
    /// uses must hold as many elements as the parameter, one it does not use may be empty.
    /// </summary>
    bool Uses(int buffer);

    /// <summary>
    /// The new values of the elements at <paramref name="at"/>, from <paramref name="p"/> and <paramref name="g"/> after the
    /// opening; reads and writes the state buffers, references to element 0 of their spans, unchecked. Called through the
    /// kernel's struct type (no interface or delegate call per element), so the JIT inlines it into the loop.
    /// </summary>
    TLanes Step<TLanes>(TLanes p, TLanes g, ref T state0, ref T state1, ref T state2, nuint at)
        where TLanes : struct, ILanes<TLanes, T>;
}
