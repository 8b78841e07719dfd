using System.Numerics;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// An element-wise optimizer kernel: the per-step scalars of its update (a record struct, computed in double and rounded to
/// T once) and the update itself, written once for every width with <see cref="ILanes{TSelf, T}"/> operations;
/// <see cref="ElementwiseSpans{T}.Run{TLanes, TKernel}"/> applies it to every group of elements.
/// </summary>
/// <remarks>
/// The kernel splats its scalars where <see cref="Apply{TLanes}"/> uses them: the loop holds the kernel in a local, so
/// the JIT sees each splat as loop-invariant and hoists it out of the loop (one broadcast per call, not per group).
/// </remarks>
internal interface IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Whether the update reads and writes state buffer <paramref name="buffer"/> (0 to 2) with these scalars; a buffer it
    /// uses must hold as many elements as the parameter, one it does not use may be empty.
    /// </summary>
    bool Uses(int buffer);

    /// <summary>
    /// Updates the elements at <paramref name="at"/>: <paramref name="param"/>, <paramref name="grad"/> and the state
    /// buffers are references to element 0 of their spans, read and written unchecked. Called through the kernel's
    /// struct type (no interface or delegate call per element), so the JIT inlines it into the loop.
    /// </summary>
    void Apply<TLanes>(ref T param, ref T grad, ref T state0, ref T state1, ref T state2, nuint at)
        where TLanes : struct, ILanes<TLanes, T>;
}
