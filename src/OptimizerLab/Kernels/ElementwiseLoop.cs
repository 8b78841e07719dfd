using System.Numerics;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// An element-wise optimizer kernel over its spans, as <see cref="KernelDispatch"/> runs it at each width:
/// <see cref="ElementwiseSpans{T}.Run{TLanes, TKernel}"/> loops.
/// </summary>
internal readonly ref struct ElementwiseLoop<T, TKernel> : ILaneLoop<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : struct, IElementwiseKernel<T>
{
    private readonly TKernel _kernel;
    private readonly ElementwiseSpans<T> _spans;

    /// <summary>
    /// Checks that the gradient and every state buffer <paramref name="kernel"/> uses hold as many elements as
    /// <paramref name="param"/>: the loop reads and writes unchecked. A buffer the kernel does not use may be empty.
    /// </summary>
    public ElementwiseLoop(TKernel kernel, Span<T> param, ReadOnlySpan<T> grad,
        Span<T> state0 = default, Span<T> state1 = default, Span<T> state2 = default)
    {
        KernelDispatch.CommonLength(param.Length, grad.Length,
            kernel.Uses(0) ? state0.Length : param.Length,
            kernel.Uses(1) ? state1.Length : param.Length,
            kernel.Uses(2) ? state2.Length : param.Length);
        _kernel = kernel;
        _spans = new ElementwiseSpans<T>(param, grad, state0, state1, state2);
    }

    /// <inheritdoc />
    public int Length => _spans.Length;

    /// <inheritdoc />
    public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T> => _spans.Run<TLanes, TKernel>(_kernel, start);
}
