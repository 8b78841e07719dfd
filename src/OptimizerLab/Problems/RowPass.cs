using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Problems;

/// <summary>A row's coefficient in a <see cref="RowPass"/>, from its dot product with w; called once per row, in row order.</summary>
internal interface IRowCoefficient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    T Of(int row, T dot);
}

/// <summary>
/// The pass over rows of X that a linear least-squares layer makes for its loss and gradient, and its Hessian for H·v:
/// per row r its dot product d = x_r·w, its coefficient c = f(r, d), and g = g + c·x_r. Rows go four at a time
/// (<see cref="FusedRowKernel"/>, fused multiply-adds): a block's four dot products from one pass over w, then their
/// terms into g in the same pass over the columns as the next block's dot products
/// (<see cref="FusedRowKernel.Axpy4Dot4{T}"/>), so each row comes from L2 once and is still in L1 for its term. Per row
/// the arithmetic is that of one <see cref="FusedRowKernel.Dot{T}"/> and one <see cref="FusedRowKernel.Axpy{T}"/>, and
/// every element of g adds its row terms in row order.
/// </summary>
internal static class RowPass
{
    /// <summary>
    /// Runs the pass over <paramref name="rows"/> (indices into <paramref name="x"/>, whose rows start
    /// <paramref name="stride"/> apart and are as long as <paramref name="w"/> and <paramref name="g"/>); adds into
    /// <paramref name="g"/> only when <paramref name="accumulate"/>. Returns Σ c in row order.
    /// </summary>
    public static T Run<T, TCoefficient>(ReadOnlySpan<T> x, int stride, ReadOnlySpan<int> rows, ReadOnlySpan<T> w, Span<T> g,
        bool accumulate, ref TCoefficient coefficient, bool simd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TCoefficient : IRowCoefficient<T>
    {
        Span<T> dots = stackalloc T[4];
        Span<T> coefficients = stackalloc T[4];
        int blockEnd = rows.Length - rows.Length % 4;
        T sum = T.Zero;
        var done = default(FourRows<T>);
        for (int k = 0; k < blockEnd; k += 4)
        {
            var block = FourRows<T>.Of(x, stride, stride, rows[k], rows[k + 1], rows[k + 2], rows[k + 3]);
            if (k == 0 || !accumulate) FusedRowKernel.Dot4(block, w, dots, simd);
            else FusedRowKernel.Axpy4Dot4(g, coefficients, done, block, w, dots, simd);
            for (int r = 0; r < 4; r++)
            {
                coefficients[r] = coefficient.Of(rows[k + r], dots[r]);
                sum += coefficients[r];
            }

            done = block;
        }

        if (accumulate && blockEnd > 0) FusedRowKernel.Axpy4(g, coefficients, done, simd);
        for (int k = blockEnd; k < rows.Length; k++)
        {
            ReadOnlySpan<T> xk = x.Slice(rows[k] * stride, stride);
            T c = coefficient.Of(rows[k], FusedRowKernel.Dot(xk, w, simd));
            if (accumulate) FusedRowKernel.Axpy(g, c, xk, simd);
            sum += c;
        }

        return sum;
    }
}
