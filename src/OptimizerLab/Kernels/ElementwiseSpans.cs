using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// What every element-wise optimizer kernel updates: a parameter, its gradient and up to three state buffers of the same
/// length; and the one loop that applies an <see cref="IElementwiseKernel{T}"/> to them, group by group.
/// </summary>
internal readonly ref struct ElementwiseSpans<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Span<T> _param;
    private readonly ReadOnlySpan<T> _grad;
    private readonly Span<T> _state0;
    private readonly Span<T> _state1;
    private readonly Span<T> _state2;

    /// <summary>The spans as given: <see cref="ElementwiseLoop{T, TKernel}"/> checks their lengths.</summary>
    public ElementwiseSpans(Span<T> param, ReadOnlySpan<T> grad, Span<T> state0, Span<T> state1, Span<T> state2)
    {
        _param = param;
        _grad = grad;
        _state0 = state0;
        _state1 = state1;
        _state2 = state2;
    }

    /// <summary>Elements in the parameter, and in every state buffer the kernel uses.</summary>
    public int Length => _param.Length;

    /// <summary>
    /// Applies <paramref name="kernel"/> from <paramref name="start"/> in whole groups of <c>TLanes.Count</c>: per group, p and
    /// g opened, the kernel's step, its result stored into p. Returns the first element not updated.
    /// </summary>
    public int Run<TLanes, TKernel>(in TKernel kernel, int start)
        where TLanes : struct, ILanes<TLanes, T>
        where TKernel : struct, IElementwiseKernel<T>
    {
        // A local copy: its fields are then locals to the JIT, so the kernel's splats hoist out of the loop.
        TKernel local = kernel;
        ref T param = ref MemoryMarshal.GetReference(_param);
        ref T grad = ref MemoryMarshal.GetReference(_grad);
        ref T state0 = ref MemoryMarshal.GetReference(_state0);
        ref T state1 = ref MemoryMarshal.GetReference(_state1);
        ref T state2 = ref MemoryMarshal.GetReference(_state2);
        int i = start;
        for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
        {
            nuint at = (nuint)i;
            local.Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
            local.Step(p, g, ref state0, ref state1, ref state2, at).Store(ref param, at);
        }

        return i;
    }
}
