using System.Numerics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Kernels;

/// <summary>
/// One fused pass of torch's <c>_single_tensor_rprop</c> over a parameter, its scalars rounded to T once, as torch writes
/// them into its tensors. State buffers: prev, step_size. Per element, in torch's order:
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
internal readonly record struct RpropScalars<T> : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    TLanes IElementwiseKernel<T>.Step<TLanes>(TLanes p, TLanes g, ref T prev, ref T stepSize, ref T unused, nuint at)
    {
        var zero = TLanes.Splat(T.Zero);
        var etaminus = TLanes.Splat(Etaminus);
        // The sign of the product, not of each factor: torch multiplies first, so a product that underflows to 0 keeps the step size.
        var q = g * TLanes.Load(ref prev, at);
        var f = TLanes.Select(TLanes.GreaterThan(q, zero), TLanes.Splat(Etaplus), TLanes.Select(TLanes.LessThan(q, zero), etaminus, TLanes.Splat(T.One)));
        var size = TLanes.Min(TLanes.Max(TLanes.Load(ref stepSize, at) * f, TLanes.Splat(StepSizeMin)), TLanes.Splat(StepSizeMax));
        size.Store(ref stepSize, at);
        // torch zeroes where the factor equals etaminus, which is where the sign changed unless etaminus rounds to 1 in T.
        g = TLanes.Select(TLanes.LessThan(f, etaminus), g, TLanes.Select(TLanes.GreaterThan(f, etaminus), g, zero));
        g.Store(ref prev, at);
        return p - TLanes.Sign(g) * size;
    }

    public required OpeningScalars<T> Opening { get; init; } // maximize only
    public required T Etaminus { get; init; }
    public required T Etaplus { get; init; }
    public required T StepSizeMin { get; init; }
    public required T StepSizeMax { get; init; }

    public bool Uses(int buffer) => buffer < 2;
}
