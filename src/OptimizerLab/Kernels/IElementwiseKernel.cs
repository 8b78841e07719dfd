using System.Numerics;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// An element-wise optimizer kernel: the per-step scalars of its update (a record struct), which say which state buffers
/// the update uses and, once per width, splat themselves into an <see cref="ILaneStep{T}"/> that
/// <see cref="ElementwiseSpans{T}.Run{TLanes, TStep}"/> applies to every group of elements.
/// </summary>
internal interface IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Whether the update reads and writes state buffer <paramref name="buffer"/> (0 to 2) with these scalars; a buffer it
    /// uses must hold as many elements as the parameter, one it does not use may be empty.
    /// </summary>
    bool Uses(int buffer);

    /// <summary>Runs the update over <paramref name="spans"/> from <paramref name="start"/> in whole groups of <c>TLanes.Count</c>; returns the first element not updated.</summary>
    int Run<TLanes>(in ElementwiseSpans<T> spans, int start) where TLanes : struct, ILanes<TLanes, T>;
}

/// <summary>
/// A kernel's update of one group of elements, with its scalars splatted for one width. Applied through its struct type
/// (no interface or delegate call per element), so the JIT inlines it into the loop.
/// </summary>
internal interface ILaneStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Updates the elements at <paramref name="at"/>: <paramref name="param"/>, <paramref name="grad"/> and the state
    /// buffers are references to element 0 of their spans, read and written unchecked.
    /// </summary>
    void Apply(ref T param, ref T grad, ref T state0, ref T state1, ref T state2, nuint at);
}
