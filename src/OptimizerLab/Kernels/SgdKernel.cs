using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an SGD update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: momentum_buffer (with momentum only).
/// </summary>
internal readonly record struct SgdScalars<T>(
    OpeningScalars<T> Opening,
    bool Momentum,          // momentum != 0
    bool FirstMomentumStep, // the buffer is torch's None: it becomes a copy of the gradient
    bool Nesterov,
    T MomentumFactor,
    T OneMinusDampening,    // alpha of buf.add_(grad, alpha=1 - dampening)
    T NegLr)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer == 0 && Momentum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T momentumBuffer, ref T unused1, ref T unused2, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        if (Momentum)
        {
            var momentum = TLanes.Splat(MomentumFactor);
            var b = FirstMomentumStep ? g : TLanes.Load(ref momentumBuffer, at) * momentum + TLanes.Splat(OneMinusDampening) * g;
            b.Store(ref momentumBuffer, at);
            g = Nesterov ? g + momentum * b : b;
        }

        (p + TLanes.Splat(NegLr) * g).Store(ref param, at);
    }
}

/// <summary>
/// One fused pass of torch's <c>_single_tensor_sgd</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// if momentum != 0:
///     b = first ? g : b*momentum + (1 - dampening)*g
///     g = nesterov ? g + momentum*b : b
/// p = p + (-lr)*g
/// </code>
/// </summary>
internal static class SgdKernel
{
    /// <summary><paramref name="momentumBuffer"/> is read and written only with momentum.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, in SgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, momentumBuffer);
}
