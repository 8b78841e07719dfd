using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// The scalars of an Rprop update, rounded to T once, as torch writes them into its tensors.
/// State buffers: prev, step_size.
/// </summary>
internal readonly record struct RpropScalars<T>(
    bool Maximize,
    T Etaminus,
    T Etaplus,
    T StepSizeMin,
    T StepSizeMax)
    : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public bool Uses(int buffer) => buffer < 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Apply<TLanes>(ref T param, ref T grad, ref T prev, ref T stepSize, ref T unused, nuint at)
        where TLanes : struct, ILanes<TLanes, T>
    {
        new OpeningScalars<T>(Maximize, false, false, T.One, T.Zero).Load(ref param, ref grad, at, out TLanes p, out TLanes g);
        var zero = TLanes.Splat(T.Zero);
        var etaminus = TLanes.Splat(Etaminus);
        // The sign of the product, not of each factor: torch multiplies first, so a product that underflows to 0 keeps the step size.
        var q = g * TLanes.Load(ref prev, at);
        var f = TLanes.Select(TLanes.GreaterThan(q, zero), TLanes.Splat(Etaplus), TLanes.Select(TLanes.LessThan(q, zero), etaminus, TLanes.Splat(T.One)));
        var size = TLanes.Min(TLanes.Max(TLanes.Load(ref stepSize, at) * f, TLanes.Splat(StepSizeMin)), TLanes.Splat(StepSizeMax));
        size.Store(ref stepSize, at);
        // torch zeroes where the factor equals etaminus, which is where the sign changed unless etaminus rounds to 1 in T.
        g = TLanes.Select(TLanes.LessThan(f, etaminus), g, TLanes.Select(TLanes.GreaterThan(f, etaminus), g, zero));
        (p - TLanes.Sign(g) * size).Store(ref param, at);
        g.Store(ref prev, at);
    }
}

/// <summary>
/// One fused pass of torch's <c>_single_tensor_rprop</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// q = g*prev
/// f = q &gt; 0 ? etaplus : q &lt; 0 ? etaminus : 1
/// s = min(max(s*f, step_size_min), step_size_max)
/// if f == etaminus: g = 0
/// p = p - sign(g)*s
/// prev = g
/// </code>
/// </summary>
internal static class RpropKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> prev, Span<T> stepSize, in RpropScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(s, param, grad, prev, stepSize);
}
