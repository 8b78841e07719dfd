using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_sgd</c> over a parameter, its scalars computed in double as torch computes
/// them in Python, then rounded to T once. State buffers: momentum_buffer (with momentum only: empty without). Per
/// element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// if momentum != 0:
///     b = first ? g : b*momentum + (1 - dampening)*g
///     g = nesterov ? g + momentum*b : b
/// p = p + (-lr)*g
/// </code>
/// </summary>
internal readonly record struct SgdScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T momentumBuffer, ref T unused1, ref T unused2, nuint at)
    {
        if (Momentum)
        {
            var momentum = TLanes.Splat(MomentumFactor);
            var b = FirstMomentumStep ? g : TLanes.Load(ref momentumBuffer, at) * momentum + TLanes.Splat(OneMinusDampening) * g;
            b.Store(ref momentumBuffer, at);
            g = Nesterov ? g + momentum * b : b;
        }

        return p + TLanes.Splat(NegLr) * g;
    }

    public required OpeningScalars<T> Opening { get; init; }
    public required bool Momentum { get; init; }             // momentum != 0
    public required bool FirstMomentumStep { get; init; }    // the buffer is torch's None: it becomes a copy of the gradient
    public required bool Nesterov { get; init; }
    public required T MomentumFactor { get; init; }
    public required T OneMinusDampening { get; init; }       // alpha of buf.add_(grad, alpha=1 - dampening)
    public required T NegLr { get; init; }

    public bool Uses(int buffer) => buffer == 0 && Momentum;
}
