using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>y = y + alpha·x elementwise (BLAS axpy), with alpha·x rounded before the add, no FMA.</summary>
/// <remarks>Elementwise, so every width gives the one-lane reference's bits; the widest native one is used.</remarks>
internal static class AxpyKernel
{
    public static void Add<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(y, alpha, x);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The SIMD path, for callers that read <see cref="KernelDispatch.UseSimd"/> once for many rows.</summary>
    internal static void Simd<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(y, alpha, x);
        KernelDispatch.RunSimd<T, Loop<T>>(ref loop);
    }

    /// <summary>The one-lane reference.</summary>
    internal static void Scalar<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(y, alpha, x);
        KernelDispatch.Run<T, OneLane<T>, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> y, T alpha, ReadOnlySpan<T> x) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _y = y;
        private readonly ReadOnlySpan<T> _x = x;
        private readonly T _alpha = alpha;

        public int Length { get; } = KernelDispatch.CommonLength(y.Length, x.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            var a = TLanes.Splat(_alpha);
            ref T yRef = ref MemoryMarshal.GetReference(_y);
            ref T xRef = ref MemoryMarshal.GetReference(_x);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                (TLanes.Load(ref yRef, at) + a * TLanes.Load(ref xRef, at)).Store(ref yRef, at);
            }

            return i;
        }
    }
}
