using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>x = x·factor in place (torch's <c>mul_</c> by a scalar), elementwise, so every width gives the one-lane bits.</summary>
internal static class ScaleKernel
{
    public static void Multiply<T>(Span<T> values, T factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(values, factor);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> values, T factor) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _values = values;
        private readonly T _factor = factor;

        public int Length => _values.Length;

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            var f = TLanes.Splat(_factor);
            ref T xRef = ref MemoryMarshal.GetReference(_values);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                (TLanes.Load(ref xRef, at) * f).Store(ref xRef, at);
            }

            return i;
        }
    }
}
