using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// result = scale·(Σ_j v[j]·B[j, ·]) for a block B of a row-major matrix: the product B·v of a symmetric block,
/// formed as a combination of its rows so that the SIMD lanes run across columns.
/// </summary>
/// <remarks>
/// Per column c the sum runs over j in index order, each product rounded before its add (no FMA), then one multiply by
/// the scale: an elementwise formula, so every width gives the one-lane bits. One call per block, not one per row: the
/// Householder reduction of <see cref="Problems.SymmetricEigen"/> calls it once per column it eliminates.
/// </remarks>
internal static class BlockProductKernel
{
    /// <summary>
    /// <paramref name="result"/>[c] = <paramref name="scale"/>·Σ_j <paramref name="v"/>[j]·<paramref name="block"/>[j·stride + c]
    /// for j below <paramref name="v"/>'s length and c below <paramref name="result"/>'s, which may be longer (columns past
    /// the block's, computed and ignored, let the lanes run whole); <paramref name="block"/> holds the rows at <paramref name="stride"/>.
    /// </summary>
    public static void Multiply(ReadOnlySpan<double> block, int stride, ReadOnlySpan<double> v, double scale, Span<double> result)
    {
        var loop = new Loop(block, stride, v, scale, result);
        KernelDispatch.Run<double, Loop>(ref loop);
    }

    /// <summary>The loop body, once for every width; the lanes run across columns, the rows are looped inside.</summary>
    internal readonly ref struct Loop : ILaneLoop<double>
    {
        private readonly ReadOnlySpan<double> _block;
        private readonly ReadOnlySpan<double> _v;
        private readonly Span<double> _result;
        private readonly int _stride;
        private readonly double _scale;

        public Loop(ReadOnlySpan<double> block, int stride, ReadOnlySpan<double> v, double scale, Span<double> result)
        {
            Length = result.Length;
            if (v.Length > Length || stride < Length || block.Length < (v.Length - 1) * stride + Length)
                throw new ArgumentException($"The block holds {block.Length} values; {v.Length} rows of {Length} at stride {stride} need more.", nameof(block));
            _block = block;
            _stride = stride;
            _v = v;
            _scale = scale;
            _result = result;
        }

        public int Length { get; }

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, double>
        {
            int end = start + (Length - start) / TLanes.Count * TLanes.Count;
            ref double b = ref MemoryMarshal.GetReference(_block);
            ref double r = ref MemoryMarshal.GetReference(_result);
            ref double v = ref MemoryMarshal.GetReference(_v);
            var scale = TLanes.Splat(_scale);
            int c = start;
            // Four groups of columns at a time, their sums held in registers over all rows (a sum kept in memory would
            // wait on its own store every row); then one group at a time.
            for (; c + 4 * TLanes.Count <= end; c += 4 * TLanes.Count)
            {
                var zero = TLanes.Splat(0);
                TLanes s0 = zero, s1 = zero, s2 = zero, s3 = zero;
                nuint at = (nuint)c;
                for (int j = 0; j < _v.Length; j++, at += (nuint)_stride)
                {
                    var vj = TLanes.Splat(Unsafe.Add(ref v, j));
                    s0 += TLanes.Load(ref b, at) * vj;
                    s1 += TLanes.Load(ref b, at + (nuint)TLanes.Count) * vj;
                    s2 += TLanes.Load(ref b, at + (nuint)(2 * TLanes.Count)) * vj;
                    s3 += TLanes.Load(ref b, at + (nuint)(3 * TLanes.Count)) * vj;
                }

                (s0 * scale).Store(ref r, (nuint)c);
                (s1 * scale).Store(ref r, (nuint)(c + TLanes.Count));
                (s2 * scale).Store(ref r, (nuint)(c + 2 * TLanes.Count));
                (s3 * scale).Store(ref r, (nuint)(c + 3 * TLanes.Count));
            }

            for (; c < end; c += TLanes.Count)
            {
                var sum = TLanes.Splat(0);
                nuint at = (nuint)c;
                for (int j = 0; j < _v.Length; j++, at += (nuint)_stride) sum += TLanes.Load(ref b, at) * TLanes.Splat(Unsafe.Add(ref v, j));
                (sum * scale).Store(ref r, (nuint)c);
            }

            return end;
        }
    }
}
