using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The per-step scalars of an RMSprop update, computed in double as torch computes them in Python, then rounded to T once.
/// State buffers: square_avg, grad_avg (centered only), momentum_buffer (with momentum only).
/// </summary>
internal readonly record struct RmsPropScalars<T>(
    OpeningScalars<T> Opening,
    bool Centered,
    bool Momentum,       // momentum > 0
    T Alpha,
    T OneMinusAlpha,     // addcmul value and lerp weight
    T Eps,
    T MomentumFactor,
    T NegLr)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer == 0 || (buffer == 1 ? Centered : Momentum);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T squareAvg, ref T gradAvg, ref T momentumBuffer, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        Opening.Load(ref param, ref grad, at, out TLanes p, out TLanes g);
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
        if (Momentum)
        {
            var b = TLanes.Load(ref momentumBuffer, at) * TLanes.Splat(MomentumFactor) + g / avg;
            b.Store(ref momentumBuffer, at);
            (p + TLanes.Splat(NegLr) * b).Store(ref param, at);
        }
        else
        {
            (p + TLanes.Splat(NegLr) * g / avg).Store(ref param, at);
        }
    }
}

/// <summary>
/// One fused pass of torch's <c>_single_tensor_rmsprop</c> over a parameter. Per element, in torch's order:
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
internal static class RmsPropKernel
{
    /// <summary><paramref name="gradAvg"/> is used only when centered, <paramref name="momentumBuffer"/> only with momentum.</summary>
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> gradAvg, Span<T> momentumBuffer, in RmsPropScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, squareAvg, gradAvg, momentumBuffer);
}
