using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// y = (y + a·x1) + b·x2 elementwise: two <see cref="AxpyKernel"/> updates in one pass over y, with the same roundings
/// (each product rounded, then added in that order), so the bits equal those of the two axpys at every width.
/// </summary>
/// <remarks>The symmetric rank-2 update of <see cref="Problems.SymmetricEigen"/>'s reduction, row by row.</remarks>
internal static class Rank2Kernel
{
    public static void Add(Span<double> y, double a, ReadOnlySpan<double> x1, double b, ReadOnlySpan<double> x2)
    {
        var loop = new Loop(y, a, x1, b, x2);
        KernelDispatch.Run<double, Loop>(ref loop);
    }

    private readonly ref struct Loop(Span<double> y, double a, ReadOnlySpan<double> x1, double b, ReadOnlySpan<double> x2) : ILaneLoop<double>
    {
        private readonly Span<double> _y = y;
        private readonly ReadOnlySpan<double> _x1 = x1;
        private readonly ReadOnlySpan<double> _x2 = x2;

        public int Length { get; } = KernelDispatch.CommonLength(y.Length, x1.Length, x2.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, double>
        {
            var va = TLanes.Splat(a);
            var vb = TLanes.Splat(b);
            ref double yRef = ref MemoryMarshal.GetReference(_y);
            ref double x1Ref = ref MemoryMarshal.GetReference(_x1);
            ref double x2Ref = ref MemoryMarshal.GetReference(_x2);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                (TLanes.Load(ref yRef, at) + va * TLanes.Load(ref x1Ref, at) + vb * TLanes.Load(ref x2Ref, at)).Store(ref yRef, at);
            }

            return i;
        }
    }
}
