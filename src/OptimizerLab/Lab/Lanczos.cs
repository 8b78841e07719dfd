using OptimizerLab.Data;
using OptimizerLab.Kernels;
using OptimizerLab.Problems;

namespace OptimizerLab.Lab;

/// <summary>A symmetric operator given by its products: result = M·v (both the operator's dimension long).</summary>
internal interface ISymmetricProduct
{
    void Multiply(ReadOnlySpan<double> v, Span<double> result);
}

/// <summary>
/// The largest eigenvalue of a symmetric positive semi-definite operator by the Lanczos method with full
/// reorthogonalisation, from a start vector (the previous measurement's eigenvector: a warm start), restarted from the
/// Ritz vector when the basis is full. No allocation per call; every dot product and axpy is a
/// <see cref="FusedRowKernel"/> one, so the bits do not depend on the SIMD width, and the stopping rule reads only
/// computed values, so they do not depend on timing either.
/// </summary>
/// <remarks>
/// After k products the Krylov space holds p(M)·q for every polynomial p of degree &lt; k, and the largest Ritz value θ
/// (the largest eigenvalue of the k × k tridiagonal T the recurrence builds) is the best estimate of λ_max it allows:
/// θ ≤ λ_max, and the gap closes like a Chebyshev polynomial's growth, far faster than power iteration's ratio
/// (λ₂/λ₁)^k. Its residual ‖M·x − θ·x‖ for the Ritz vector x is β_k·|y_k| (y the eigenvector of T, β_k the next
/// off-diagonal) without forming x; some eigenvalue lies within it of θ, and within residual²/gap of θ once the rest of
/// the spectrum is a gap away.
/// </remarks>
internal sealed class Lanczos
{
    private readonly int _n;
    private readonly int _stride;
    private readonly int _basisSize;
    private readonly AlignedBuffer<double> _basis;
    private readonly AlignedBuffer<double> _w;
    private readonly AlignedBuffer<double> _generic;
    private readonly double[] _alpha;
    private readonly double[] _beta;
    private readonly double[] _y;
    private readonly double[] _factors;
    private readonly bool[] _swapped;

    /// <summary>Buffers for an operator of dimension <paramref name="dimension"/> and a basis of up to <paramref name="basisSize"/> vectors.</summary>
    public Lanczos(int dimension, int basisSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        _n = dimension;
        _basisSize = Math.Max(1, Math.Min(basisSize, dimension));
        _stride = AlignedBuffer<double>.PaddedStride(dimension);
        _basis = new AlignedBuffer<double>(_basisSize * _stride);
        _w = new AlignedBuffer<double>(_stride);
        _generic = new AlignedBuffer<double>(_stride);
        new SeededRandom(0x1A2C_205E).FillGaussian<double>(_generic.Span[..dimension]);
        Normalize(_generic.Span, KernelDispatch.UseSimd);
        _alpha = new double[_basisSize];
        _beta = new double[_basisSize];
        _y = new double[_basisSize];
        _factors = new double[4 * _basisSize];
        _swapped = new bool[_basisSize];
    }

    /// <summary>Weight of the fixed pseudo-random direction added to every start vector.</summary>
    internal const double StartMix = 1e-3;

    /// <summary>Products of the last call.</summary>
    public int Products { get; private set; }

    /// <summary>
    /// λ_max of <paramref name="operator"/> from the start <paramref name="vector"/>, which is overwritten with the unit
    /// Ritz vector (the next call's start). Stops once the residual is at most <paramref name="residualTolerance"/>·θ,
    /// when the Krylov space stops growing (an invariant subspace: θ is exact), or after <paramref name="maxProducts"/> products.
    /// </summary>
    public double Largest<TProduct>(TProduct @operator, Span<double> vector, double residualTolerance, int maxProducts)
        where TProduct : ISymmetricProduct
    {
        if (vector.Length != _n) throw new ArgumentException($"The vector has {vector.Length} values; the operator has dimension {_n}.", nameof(vector));
        bool simd = KernelDispatch.UseSimd;
        Span<double> basis = _basis.Span;
        Span<double> w = _w.Span;
        Products = 0;
        Span<double> start = Q(basis, 0);
        start.Clear();
        vector.CopyTo(start);
        if (!Normalize(start, simd)) start.Clear();
        // A fixed pseudo-random direction at 1e-3 of the start: a warm start that is exactly an eigenvector (of a block
        // of a block-diagonal Hessian, say) spans an invariant subspace, and a top eigenvalue outside it would never be
        // seen. Once in the basis, that direction counts in full (each new vector is normalised), whatever its weight.
        FusedRowKernel.Axpy(start, StartMix, _generic.Span, simd);
        Normalize(start, simd);
        double theta = 0;
        while (true)
        {
            for (int j = 0; ; j++)
            {
                Span<double> q = Q(basis, j);
                w.Clear();
                @operator.Multiply(q[.._n], w[.._n]);
                Products++;
                if (j > 0) FusedRowKernel.Axpy(w, -_beta[j - 1], Q(basis, j - 1), simd);
                _alpha[j] = FusedRowKernel.Dot<double>(q, w, simd);
                FusedRowKernel.Axpy(w, -_alpha[j], q, simd);
                // Full reorthogonalisation: without it the basis loses orthogonality as soon as a Ritz value converges
                // and θ would be counted twice; two passes make w orthogonal to working precision.
                for (int pass = 0; pass < 2; pass++)
                for (int i = 0; i <= j; i++)
                {
                    Span<double> qi = Q(basis, i);
                    FusedRowKernel.Axpy(w, -FusedRowKernel.Dot<double>(qi, w, simd), qi, simd);
                }

                double beta = Math.Sqrt(FusedRowKernel.Dot<double>(w, w, simd));
                int k = j + 1;
                theta = SymmetricEigen.LargestOfTridiagonal(_alpha.AsSpan(0, k), _beta.AsSpan(0, k - 1));
                TridiagonalEigenvector(k, theta);
                double residual = beta * Math.Abs(_y[k - 1]);
                bool invariant = beta <= 1e-14 * Math.Abs(theta) || beta == 0;
                if (invariant || residual <= residualTolerance * Math.Abs(theta) || Products >= maxProducts)
                {
                    RitzVector(basis, k, w, simd);
                    w[.._n].CopyTo(vector);
                    return theta;
                }

                if (k == _basisSize)
                {
                    // Restart from the Ritz vector: the basis keeps its best direction and starts growing again.
                    RitzVector(basis, k, w, simd);
                    Normalize(w, simd);
                    w.CopyTo(Q(basis, 0));
                    break;
                }

                _beta[j] = beta;
                Span<double> next = Q(basis, k);
                w.CopyTo(next);
                Scale(next, 1 / beta);
            }
        }
    }

    private Span<double> Q(Span<double> basis, int index) => basis.Slice(index * _stride, _stride);

    /// <summary>x = Σ y_i·q_i, the Ritz vector of θ, into <paramref name="x"/>.</summary>
    private void RitzVector(Span<double> basis, int k, Span<double> x, bool simd)
    {
        x.Clear();
        for (int i = 0; i < k; i++) FusedRowKernel.Axpy(x, _y[i], Q(basis, i), simd);
    }

    private static bool Normalize(Span<double> v, bool simd)
    {
        double norm = Math.Sqrt(FusedRowKernel.Dot<double>(v, v, simd));
        if (!(norm > 0) || !double.IsFinite(norm)) return false;
        Scale(v, 1 / norm);
        return true;
    }

    private static void Scale(Span<double> v, double factor)
    {
        for (int i = 0; i < v.Length; i++) v[i] *= factor;
    }

    /// <summary>
    /// The unit eigenvector of the k × k tridiagonal T (diagonal α, off-diagonal β) for its eigenvalue θ, into y: two
    /// steps of inverse iteration, solving (T − θ·I)·y = b by Gaussian elimination with partial pivoting (the rows of a
    /// tridiagonal gain one more super-diagonal where rows swap). θ is exact to rounding, so T − θ·I is singular to
    /// rounding and one solve already gives the eigenvector; the second cleans it up.
    /// </summary>
    private void TridiagonalEigenvector(int k, double theta)
    {
        Span<double> y = _y.AsSpan(0, k);
        if (k == 1)
        {
            y[0] = 1;
            return;
        }

        Span<double> d = _factors.AsSpan(0, k), lower = _factors.AsSpan(_basisSize, k), upper = _factors.AsSpan(2 * _basisSize, k),
            upper2 = _factors.AsSpan(3 * _basisSize, k);
        double size = 0;
        for (int i = 0; i < k; i++)
        {
            d[i] = _alpha[i] - theta;
            lower[i] = upper[i] = i < k - 1 ? _beta[i] : 0;
            upper2[i] = 0;
            size = Math.Max(size, Math.Abs(_alpha[i]) + (i < k - 1 ? Math.Abs(_beta[i]) : 0));
        }

        // A zero pivot (θ exact to the last bit) is replaced by one rounding unit of ‖T‖: the solve then just grows large.
        double tiny = size > 0 ? size * Math.ScaleB(1.0, -52) : double.Epsilon;
        for (int i = 0; i < k - 1; i++)
        {
            _swapped[i] = Math.Abs(d[i]) < Math.Abs(lower[i]);
            if (!_swapped[i])
            {
                if (d[i] == 0) d[i] = tiny;
                double factor = lower[i] / d[i];
                lower[i] = factor;
                d[i + 1] -= factor * upper[i];
            }
            else
            {
                double factor = d[i] / lower[i];
                d[i] = lower[i];
                lower[i] = factor;
                double above = upper[i];
                upper[i] = d[i + 1];
                d[i + 1] = above - factor * d[i + 1];
                if (i < k - 2)
                {
                    upper2[i] = upper[i + 1];
                    upper[i + 1] = -factor * upper[i + 1];
                }
            }
        }

        if (d[k - 1] == 0) d[k - 1] = tiny;
        y.Fill(1);
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < k - 1; i++)
            {
                if (_swapped[i])
                {
                    double first = y[i];
                    y[i] = y[i + 1];
                    y[i + 1] = first - lower[i] * y[i];
                }
                else
                {
                    y[i + 1] -= lower[i] * y[i];
                }
            }

            y[k - 1] /= d[k - 1];
            y[k - 2] = (y[k - 2] - upper[k - 2] * y[k - 1]) / d[k - 2];
            for (int i = k - 3; i >= 0; i--) y[i] = (y[i] - upper[i] * y[i + 1] - upper2[i] * y[i + 2]) / d[i];

            double largest = 0;
            for (int i = 0; i < k; i++) largest = Math.Max(largest, Math.Abs(y[i]));
            double sum = 0;
            for (int i = 0; i < k; i++)
            {
                y[i] /= largest;
                sum += y[i] * y[i];
            }

            double norm = Math.Sqrt(sum);
            for (int i = 0; i < k; i++) y[i] /= norm;
        }
    }
}
