using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adafactor update, computed in double, then rounded to T once.</summary>
internal readonly record struct AdafactorScalars<T>(
    bool Maximize,
    T Weight,           // t^beta2_decay, the lerp weight of the new squared gradient
    T Eps1,             // floor of mean(row_var)
    T Eps1Squared);     // floor of the variance estimate

/// <summary>
/// Adafactor's elementwise passes (see <c>Adafactor&lt;T&gt;</c>), each written once for every width:
/// <code>
/// Lerp:          var = lerp(var, mean, w)                                   (row and column factors)
/// VectorUpdate:  g = maximize ? -grad : grad;  v = lerp(v, g*g, w);  u = (1/sqrt(max(v, eps1²)))*g
/// FactoredRow:   g = maximize ? -grad : grad;  u = (1/sqrt(max((r*c)/divisor, eps1²)))*g
/// </code>
/// lerp is torch's (<see cref="TorchLerp{T, TLanes}"/>); rsqrt is 1/sqrt, as torch's CPU kernels compute it.
/// </summary>
internal static class AdafactorKernel
{
    public static void Lerp<T>(Span<T> values, ReadOnlySpan<T> targets, T weight) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new LerpLoop<T>(values, targets, weight);
        KernelDispatch.Run<T, LerpLoop<T>>(ref loop);
    }

    public static void VectorUpdate<T>(ReadOnlySpan<T> grad, Span<T> variance, Span<T> update, in AdafactorScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new VectorLoop<T>(grad, variance, update, s);
        KernelDispatch.Run<T, VectorLoop<T>>(ref loop);
    }

    public static void FactoredRow<T>(ReadOnlySpan<T> grad, T rowVar, ReadOnlySpan<T> colVar, T divisor, Span<T> update, in AdafactorScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new FactoredRowLoop<T>(grad, rowVar, colVar, divisor, update, s);
        KernelDispatch.Run<T, FactoredRowLoop<T>>(ref loop);
    }

    /// <summary>values = lerp(values, targets, weight).</summary>
    internal readonly ref struct LerpLoop<T>(Span<T> values, ReadOnlySpan<T> targets, T weight) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _values = values;
        private readonly ReadOnlySpan<T> _targets = targets;
        private readonly T _weight = weight;

        public int Length { get; } = KernelDispatch.CommonLength(values.Length, targets.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            var lerp = new TorchLerp<T, TLanes>(_weight);
            ref T vRef = ref MemoryMarshal.GetReference(_values);
            ref T tRef = ref MemoryMarshal.GetReference(_targets);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                lerp.Apply(TLanes.Load(ref vRef, at), TLanes.Load(ref tRef, at)).Store(ref vRef, at);
            }

            return i;
        }
    }

    /// <summary>A vector parameter's second moment and update.</summary>
    internal readonly ref struct VectorLoop<T>(ReadOnlySpan<T> grad, Span<T> variance, Span<T> update, AdafactorScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _variance = variance;
        private readonly Span<T> _update = update;
        private readonly AdafactorScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(grad.Length, variance.Length, update.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            var lerp = new TorchLerp<T, TLanes>(_s.Weight);
            var floor = TLanes.Splat(_s.Eps1Squared);
            var one = TLanes.Splat(T.One);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T vRef = ref MemoryMarshal.GetReference(_variance);
            ref T uRef = ref MemoryMarshal.GetReference(_update);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                var g = TLanes.Load(ref gRef, at);
                if (_s.Maximize) g = -g;
                var v = lerp.Apply(TLanes.Load(ref vRef, at), g * g);
                v.Store(ref vRef, at);
                (one / TLanes.Sqrt(TLanes.Max(v, floor)) * g).Store(ref uRef, at);
            }

            return i;
        }
    }

    /// <summary>One row of a factored parameter's update, from its row factor r and the column factors.</summary>
    internal readonly ref struct FactoredRowLoop<T>(ReadOnlySpan<T> grad, T rowVar, ReadOnlySpan<T> colVar, T divisor, Span<T> update, AdafactorScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly ReadOnlySpan<T> _colVar = colVar;
        private readonly Span<T> _update = update;
        private readonly T _rowVar = rowVar;
        private readonly T _divisor = divisor;
        private readonly AdafactorScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(grad.Length, colVar.Length, update.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            var r = TLanes.Splat(_rowVar);
            var divisor = TLanes.Splat(_divisor);
            var floor = TLanes.Splat(_s.Eps1Squared);
            var one = TLanes.Splat(T.One);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T cRef = ref MemoryMarshal.GetReference(_colVar);
            ref T uRef = ref MemoryMarshal.GetReference(_update);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                var g = TLanes.Load(ref gRef, at);
                if (_s.Maximize) g = -g;
                var estimate = r * TLanes.Load(ref cRef, at) / divisor;
                (one / TLanes.Sqrt(TLanes.Max(estimate, floor)) * g).Store(ref uRef, at);
            }

            return i;
        }
    }
}
