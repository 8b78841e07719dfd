using OptimizerLab.Kernels;

namespace OptimizerLab.Problems;

/// <summary>
/// The largest eigenvalue of a small dense symmetric matrix, exactly (to a few units in the last place of ‖G‖): Householder
/// reduction to tridiagonal form, then bisection on the tridiagonal's Sturm sequence. A fixed sequence of operations
/// (the dot products and axpys are <see cref="DotKernel"/>'s and <see cref="AxpyKernel"/>'s, whose bits do not depend on
/// the SIMD width), no iteration count that depends on a tolerance, no allocation: the caller owns every buffer.
/// </summary>
/// <remarks>
/// Why not power iteration: its iteration count grows as the top two eigenvalues close in, and the lab's preconditioned
/// Gram matrices have close top eigenvalues. The reduction costs (4/3)·n³ multiply-adds whatever the spectrum.
/// </remarks>
public static class SymmetricEigen
{
    /// <summary>
    /// λ_max of the symmetric n × n matrix in <paramref name="matrix"/> (row-major; only its lower triangle is read, and the
    /// whole matrix is overwritten). <paramref name="work"/> needs 3·n values.
    /// </summary>
    public static double LargestEigenvalue(Span<double> matrix, int n, Span<double> work)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (matrix.Length < n * n) throw new ArgumentException($"The matrix has {matrix.Length} values; {n} × {n} needs {n * n}.", nameof(matrix));
        if (work.Length < 3 * n) throw new ArgumentException($"The work space has {work.Length} values; it needs 3·{n}.", nameof(work));
        Span<double> diagonal = work[..n];
        Span<double> offDiagonal = work.Slice(n, n);
        Span<double> scratch = work.Slice(2 * n, n);
        Tridiagonalize(matrix, n, diagonal, offDiagonal, scratch);
        return LargestOfTridiagonal(diagonal, offDiagonal[..Math.Max(n - 1, 0)]);
    }

    /// <summary>
    /// Householder reduction: for each column k, the reflection P = I − τ·u·uᵀ that zeroes the column below its
    /// sub-diagonal, applied from both sides to the trailing block as A ← A − u·wᵀ − w·uᵀ with p = τ·A·u,
    /// w = p − (τ/2)(uᵀp)·u. The trailing block is kept as full rows (both triangles) so every product is a row dot.
    /// </summary>
    internal static void Tridiagonalize(Span<double> a, int n, Span<double> diagonal, Span<double> offDiagonal, Span<double> scratch)
    {
        // Make the matrix exactly symmetric from its lower triangle, so the result depends on that triangle only.
        for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j];

        for (int k = 0; k + 2 < n; k++)
        {
            int m = n - k - 1; // size of the trailing block, rows/columns k+1 … n−1
            Span<double> u = scratch[..m];
            for (int i = 0; i < m; i++) u[i] = a[(k + 1 + i) * n + k];
            double norm = Math.Sqrt(DotKernel.Dot<double>(u, u));
            diagonal[k] = a[k * n + k];
            if (norm == 0)
            {
                offDiagonal[k] = 0;
                continue;
            }

            // alpha has the opposite sign of u[0] so that u[0] − alpha does not cancel.
            double alpha = u[0] >= 0 ? -norm : norm;
            offDiagonal[k] = alpha;
            u[0] -= alpha;
            double tau = 1.0 / (norm * (norm + Math.Abs(a[(k + 1) * n + k]))); // 2/‖u‖², since ‖u‖² = 2·norm·(norm + |x0|)

            // p = τ·A22·u, stored in the row above the block (row k, columns k+1…), which is no longer read.
            Span<double> p = a.Slice(k * n + k + 1, m);
            for (int i = 0; i < m; i++) p[i] = tau * DotKernel.Dot<double>(a.Slice((k + 1 + i) * n + k + 1, m), u);
            double half = 0.5 * tau * DotKernel.Dot<double>(u, p);
            for (int i = 0; i < m; i++) p[i] -= half * u[i]; // p is now w
            for (int i = 0; i < m; i++)
            {
                Span<double> row = a.Slice((k + 1 + i) * n + k + 1, m);
                AxpyKernel.Add<double>(row, -u[i], p);
                AxpyKernel.Add<double>(row, -p[i], u);
            }
        }

        if (n >= 2)
        {
            diagonal[n - 2] = a[(n - 2) * n + n - 2];
            offDiagonal[n - 2] = a[(n - 1) * n + n - 2];
        }

        diagonal[n - 1] = a[(n - 1) * n + n - 1];
    }

    /// <summary>
    /// The largest eigenvalue of the symmetric tridiagonal matrix with <paramref name="diagonal"/> and
    /// <paramref name="offDiagonal"/> (one shorter): bisection inside the Gershgorin interval on the number of eigenvalues
    /// above x (Sturm count), until the interval's ends are neighbouring doubles.
    /// </summary>
    public static double LargestOfTridiagonal(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal)
    {
        int n = diagonal.Length;
        if (offDiagonal.Length != n - 1) throw new ArgumentException("The off-diagonal must be one shorter than the diagonal.", nameof(offDiagonal));
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double radius = (i > 0 ? Math.Abs(offDiagonal[i - 1]) : 0) + (i < n - 1 ? Math.Abs(offDiagonal[i]) : 0);
            low = Math.Min(low, diagonal[i] - radius);
            high = Math.Max(high, diagonal[i] + radius);
        }

        if (!double.IsFinite(low) || !double.IsFinite(high)) return double.NaN;
        // Invariant: at least one eigenvalue is ≥ low, none is > high.
        while (true)
        {
            double middle = low + 0.5 * (high - low);
            if (middle <= low || middle >= high) break;
            if (CountBelow(diagonal, offDiagonal, middle) < n) low = middle;
            else high = middle;
        }

        return high;
    }

    /// <summary>How many eigenvalues are below x: the negative pivots of the LDLᵀ factorisation of T − x·I.</summary>
    private static int CountBelow(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal, double x)
    {
        int count = 0;
        double pivot = 1;
        for (int i = 0; i < diagonal.Length; i++)
        {
            double e2 = i == 0 ? 0 : offDiagonal[i - 1] * offDiagonal[i - 1];
            pivot = diagonal[i] - x - (i == 0 ? 0 : e2 / pivot);
            // A zero pivot would divide by zero next: perturb it by a tiny amount (the count is continuous there).
            if (pivot == 0) pivot = -double.Epsilon * 1e10;
            if (pivot < 0) count++;
        }

        return count;
    }
}
