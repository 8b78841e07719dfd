using System.Numerics;
using System.Runtime.CompilerServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adafactor update, computed in double, then rounded to T once.</summary>
internal readonly record struct AdafactorScalars<T>(
    OpeningScalars<T> Opening, // maximize only
    T Weight,                  // t^beta2_decay, the lerp weight of the new squared gradient
    T Eps1,                    // floor of mean(row_var)
    T Eps1Squared)             // floor of the variance estimate
    where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// Adafactor's elementwise passes (see <c>Adafactor&lt;T&gt;</c>), each an <see cref="IElementwiseKernel{T}"/> run by the
/// shared loop. Their first span is what the pass writes (the factor, or the update U), not the parameter:
/// <code>
/// Lerp:          var = lerp(var, mean, w)                                   (row and column factors)
/// VectorUpdate:  g = maximize ? -grad : grad;  v = lerp(v, g*g, w);  u = (1/sqrt(max(v, eps1²)))*g
/// FactoredRow:   g = maximize ? -grad : grad;  u = (1/sqrt(max((r*c)/divisor, eps1²)))*g
/// </code>
/// lerp is torch's (<see cref="TorchLerp"/>); rsqrt is 1/sqrt, as torch's CPU kernels compute it.
/// </summary>
internal static class AdafactorKernel
{
    public static void Lerp<T>(Span<T> values, ReadOnlySpan<T> targets, T weight) where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(new LerpScalars<T>(weight), values, targets);

    public static void VectorUpdate<T>(ReadOnlySpan<T> grad, Span<T> variance, Span<T> update, in AdafactorScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(new VectorScalars<T>(s), update, grad, variance);

    /// <summary><paramref name="colVar"/> is only read (the shared loop's state spans are writable ones).</summary>
    public static void FactoredRow<T>(ReadOnlySpan<T> grad, T rowVar, Span<T> colVar, T divisor, Span<T> update, in AdafactorScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.RunElementwise(new FactoredRowScalars<T>(s, rowVar, divisor), update, grad, colVar);

    /// <summary>U = rsqrt(max(estimate, ε1²))·g, the step both kinds of second moment end in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Update<T, TLanes>(TLanes estimate, TLanes floor, TLanes g)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, ILanes<TLanes, T> =>
        TLanes.Splat(T.One) / TLanes.Sqrt(TLanes.Max(estimate, floor)) * g;

    /// <summary>values (first span) = lerp(values, targets (second span), weight).</summary>
    private readonly record struct LerpScalars<T>(T Weight) : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public OpeningScalars<T> Opening => default; // neither maximize nor decay: the targets as they are

        public bool Uses(int buffer) => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TLanes Step<TLanes>(TLanes values, TLanes targets, ref T unused0, ref T unused1, ref T unused2, nuint at)
            where TLanes : struct, ILanes<TLanes, T> =>
            TorchLerp.Apply(values, targets, Weight);
    }

    /// <summary>A vector parameter's second moment (state buffer 0) and its update U (first span, only written).</summary>
    private readonly record struct VectorScalars<T>(AdafactorScalars<T> S) : IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public OpeningScalars<T> Opening => S.Opening;

        public bool Uses(int buffer) => buffer < 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TLanes Step<TLanes>(TLanes update, TLanes g, ref T variance, ref T unused1, ref T unused2, nuint at)
            where TLanes : struct, ILanes<TLanes, T>
        {
            var v = TorchLerp.Apply(TLanes.Load(ref variance, at), g * g, S.Weight);
            v.Store(ref variance, at);
            return Update<T, TLanes>(v, TLanes.Splat(S.Eps1Squared), g);
        }
    }

    /// <summary>One row of a factored parameter's update U (first span, only written), from its row factor r and the column factors (state buffer 0, read only).</summary>
    private readonly record struct FactoredRowScalars<T>(AdafactorScalars<T> S, T RowVar, T Divisor) : IElementwiseKernel<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public OpeningScalars<T> Opening => S.Opening;

        public bool Uses(int buffer) => buffer < 1;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TLanes Step<TLanes>(TLanes update, TLanes g, ref T colVar, ref T unused1, ref T unused2, nuint at)
            where TLanes : struct, ILanes<TLanes, T> =>
            Update<T, TLanes>(TLanes.Splat(RowVar) * TLanes.Load(ref colVar, at) / TLanes.Splat(Divisor), TLanes.Splat(S.Eps1Squared), g);
    }
}
