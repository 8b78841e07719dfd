using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_rmsprop</c> over a parameter, its scalars computed in double as torch
/// computes them in Python, then rounded to T once. State buffers: square_avg, grad_avg (centered only),
/// momentum_buffer (with momentum only); one that is not used may be empty. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// v = v*alpha + ((1 - alpha)*g)*g
/// if centered: ga = lerp(ga, g, 1 - alpha); avg = sqrt(v - ga*ga)   else avg = sqrt(v)
/// avg = avg + eps
/// if momentum &gt; 0: b = b*momentum + g/avg; p = p + (-lr)*b
/// else:             p = p + ((-lr)*g)/avg
/// </code>
/// </summary>
internal readonly record struct RmsPropScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T squareAvg, ref T gradAvg, ref T momentumBuffer, nuint at)
    {
        var v = TLanes.Load(ref squareAvg, at) * TLanes.Splat(Alpha) + TLanes.Splat(OneMinusAlpha) * g * g;
        v.Store(ref squareAvg, at);
        TLanes avg;
        if (Centered)
        {
            var ga = TorchLerp.Apply(TLanes.Load(ref gradAvg, at), g, OneMinusAlpha);
            ga.Store(ref gradAvg, at);
            avg = TLanes.Sqrt(v - ga * ga);
        }
        else
        {
            avg = TLanes.Sqrt(v);
        }

        avg += TLanes.Splat(Eps);
        if (!Momentum) return p + TLanes.Splat(NegLr) * g / avg;

        var b = TLanes.Load(ref momentumBuffer, at) * TLanes.Splat(MomentumFactor) + g / avg;
        b.Store(ref momentumBuffer, at);
        return p + TLanes.Splat(NegLr) * b;
    }

    public required OpeningScalars<T> Opening { get; init; }
    public required bool Centered { get; init; }
    public required bool Momentum { get; init; }             // momentum > 0
    public required T Alpha { get; init; }
    public required T OneMinusAlpha { get; init; }           // addcmul value and lerp weight
    public required T Eps { get; init; }
    public required T MomentumFactor { get; init; }
    public required T NegLr { get; init; }

    public bool Uses(int buffer) => buffer == 0 || (buffer == 1 ? Centered : Momentum);
}
