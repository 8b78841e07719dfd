using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// B ← B − (u·wᵀ + w·uᵀ) on a block of a row-major matrix: the two-sided update of a Householder reduction
/// (<see cref="Problems.SymmetricEigen"/>), the whole block in one call.
/// </summary>
/// <remarks>
/// Entry (i, c) becomes B[i, c] − (u[i]·w[c] + w[i]·u[c]), each product rounded, no FMA: elementwise, so every width
/// gives the one-lane bits, and the two products of (c, i) are those of (i, c) added the other way round, which is the
/// same sum: a symmetric block stays exactly symmetric.
/// </remarks>
internal static class SymmetricRank2Kernel
{
    /// <summary>
    /// The update of the first <paramref name="rows"/> rows (at <paramref name="stride"/> in <paramref name="block"/>) over
    /// as many columns as <paramref name="u"/> and <paramref name="w"/> hold; zeros there past the block's own columns leave
    /// those entries as they are and let the lanes run whole.
    /// </summary>
    public static void Subtract(Span<double> block, int stride, int rows, ReadOnlySpan<double> u, ReadOnlySpan<double> w)
    {
        var loop = new Loop(block, stride, rows, u, w);
        KernelDispatch.Run<double, Loop>(ref loop);
    }

    /// <summary>The loop body, once for every width; the lanes run across columns, the rows are looped inside.</summary>
    internal readonly ref struct Loop : ILaneLoop<double>
    {
        private readonly Span<double> _block;
        private readonly ReadOnlySpan<double> _u;
        private readonly ReadOnlySpan<double> _w;
        private readonly int _stride;
        private readonly int _rows;

        public Loop(Span<double> block, int stride, int rows, ReadOnlySpan<double> u, ReadOnlySpan<double> w)
        {
            Length = KernelDispatch.CommonLength(u.Length, w.Length);
            if (rows < 0 || rows > Length || stride < Length || block.Length < (rows - 1) * stride + Length)
                throw new ArgumentException($"The block holds {block.Length} values; {rows} rows of {Length} at stride {stride} need more.", nameof(block));
            _block = block;
            _stride = stride;
            _rows = rows;
            _u = u;
            _w = w;
        }

        public int Length { get; }

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, double>
        {
            int end = start + (Length - start) / TLanes.Count * TLanes.Count;
            ref double b = ref MemoryMarshal.GetReference(_block);
            ref double u = ref MemoryMarshal.GetReference(_u);
            ref double w = ref MemoryMarshal.GetReference(_w);
            for (int i = 0; i < _rows; i++)
            {
                var ui = TLanes.Splat(_u[i]);
                var wi = TLanes.Splat(_w[i]);
                nuint row = (nuint)i * (nuint)_stride;
                for (int c = start; c < end; c += TLanes.Count)
                {
                    nuint at = (nuint)c;
                    (TLanes.Load(ref b, row + at) - (ui * TLanes.Load(ref w, at) + wi * TLanes.Load(ref u, at))).Store(ref b, row + at);
                }
            }

            return end;
        }
    }
}
