using System.Runtime.Intrinsics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Problems;

/// <summary>
/// The largest eigenvalue of a small dense symmetric matrix, exactly (to a few units in the last place of ‖G‖): Householder
/// reduction to tridiagonal form, then bisection on the tridiagonal's Sturm sequence. A fixed sequence of operations
/// (the two dot products per column are <see cref="GramKernel.Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>'s, fused in eight lanes; the
/// block product and the rank-2 update are one elementwise kernel call each per column, <see cref="BlockProductKernel"/> and
/// <see cref="SymmetricRank2Kernel"/>, whose bits do not depend on the SIMD width), no iteration count that depends on a tolerance, no allocation: the caller owns every buffer.
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
    /// Householder reduction from the last column back: for each k from n−1 down to 2, the reflection P = I − τ·u·uᵀ that
    /// zeroes row k left of its sub-diagonal, applied from both sides to the leading k × k block as A ← A − u·wᵀ − w·uᵀ
    /// with p = τ·A·u, w = p − (τ/2)(uᵀp)·u. The block is kept as full rows (both triangles), so A·u is a combination of
    /// its rows and the SIMD lanes run along them; working from the end keeps the block at column 0, where the rows start
    /// on the matrix's own alignment, and the lanes run on over the dead columns past the block (with zeros in u and w,
    /// which leave them as they are) instead of finishing each row one element at a time.
    /// </summary>
    internal static void Tridiagonalize(Span<double> a, int n, Span<double> diagonal, Span<double> offDiagonal, Span<double> scratch)
    {
        // Make the matrix exactly symmetric from its lower triangle, so the result depends on that triangle only.
        for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j];

        for (int k = n - 1; k >= 2; k--)
        {
            int m = k; // the block is rows and columns 0 … k−1
            int columns = Math.Min((m + 7) / 8 * 8, n);
            Span<double> row = a.Slice(k * n, columns); // row k: u's entries, then p and w (row k is not read again)
            diagonal[k] = a[k * n + k];
            Span<double> u = scratch[..columns];
            row[..m].CopyTo(u);
            u[m..].Clear();
            double last = u[m - 1];
            double norm = Math.Sqrt(GramKernel.Dot(u[..m], u[..m]));
            if (norm == 0)
            {
                offDiagonal[k - 1] = 0;
                continue;
            }

            // alpha has the opposite sign of the entry it replaces so that last − alpha does not cancel.
            double alpha = last >= 0 ? -norm : norm;
            offDiagonal[k - 1] = alpha;
            u[m - 1] -= alpha;
            double tau = 1.0 / (norm * (norm + Math.Abs(last))); // 2/‖u‖², since ‖u‖² = 2·norm·(norm + |last|)

            Span<double> p = row;
            BlockProductKernel.Multiply(a, n, u[..m], tau, p);
            double half = 0.5 * tau * GramKernel.Dot(u[..m], p[..m]);
            for (int i = 0; i < m; i++) p[i] -= half * u[i]; // p is now w
            p[m..].Clear();
            SymmetricRank2Kernel.Subtract(a, n, m, u, p);
        }

        if (n >= 2)
        {
            diagonal[1] = a[n + 1];
            offDiagonal[0] = a[n];
        }

        diagonal[0] = a[0];
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
        // Invariant: at least one eigenvalue is ≥ low, none is > high. Each round counts at 8 points inside the interval
        // at once (one Vector512 of shifts: the divide chains run side by side), narrowing it 9 fold for about the time
        // of one count; plain halving finishes once the points would no longer be distinct doubles. Every lane's
        // arithmetic is the scalar IEEE one, so the bits do not depend on the hardware.
        while (SpreadProbes(low, high, out var probes))
        {
            var below = CountBelow(diagonal, offDiagonal, probes);
            int highest = Probes - 1;
            while (highest >= 0 && below.GetElement(highest) == n) highest--;
            if (highest >= 0) low = probes.GetElement(highest);
            if (highest + 1 < Probes) high = probes.GetElement(highest + 1);
        }

        while (true)
        {
            double middle = low + 0.5 * (high - low);
            if (middle <= low || middle >= high) break;
            if (CountBelow(diagonal, offDiagonal, Vector512.Create(middle)).GetElement(0) < n) low = middle;
            else high = middle;
        }

        return high;
    }

    private const int Probes = 8;

    /// <summary>8 points evenly inside (low, high), strictly increasing; false when the interval is too narrow for that.</summary>
    private static bool SpreadProbes(double low, double high, out Vector512<double> probes)
    {
        double width = high - low;
        Span<double> points = stackalloc double[Probes];
        double previous = low;
        for (int m = 0; m < Probes; m++)
        {
            points[m] = low + width * ((m + 1) / (double)(Probes + 1));
            if (!(points[m] > previous)) break;
            previous = points[m];
        }

        probes = Vector512.Create<double>(points);
        return previous == points[Probes - 1] && previous < high;
    }

    /// <summary>
    /// How many eigenvalues are below each x (per lane): the negative pivots of the LDLᵀ factorisation of T − x·I.
    /// </summary>
    private static Vector512<long> CountBelow(ReadOnlySpan<double> diagonal, ReadOnlySpan<double> offDiagonal, Vector512<double> x)
    {
        var count = Vector512<long>.Zero;
        var pivot = Vector512<double>.One;
        // A zero pivot would divide by zero next: it is replaced by a tiny negative (the count is continuous there).
        var tiny = Vector512.Create(-double.Epsilon * 1e10);
        for (int i = 0; i < diagonal.Length; i++)
        {
            var shifted = Vector512.Create(diagonal[i]) - x;
            pivot = i == 0 ? shifted - Vector512<double>.Zero : shifted - Vector512.Create(offDiagonal[i - 1] * offDiagonal[i - 1]) / pivot;
            pivot = Vector512.ConditionalSelect(Vector512.Equals(pivot, Vector512<double>.Zero), tiny, pivot);
            count -= Vector512.LessThan(pivot, Vector512<double>.Zero).AsInt64(); // a true lane is −1
        }

        return count;
    }
}
