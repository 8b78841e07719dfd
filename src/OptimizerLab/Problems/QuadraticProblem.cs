using System.Numerics;
using OptimizerLab.Data;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Problems;

/// <summary>
/// f(x) = ½·(x − x*)ᵀ H (x − x*) with a chosen eigen-spectrum: H = Q·diag(λ)·Qᵀ, Q a seeded random rotation
/// (Gram–Schmidt of a Gaussian matrix) or the identity for an axis-aligned quadratic, on which Adam's coordinate-wise
/// steps behave very differently. Gradient H (x − x*), computed in T.
/// </summary>
public sealed class QuadraticProblem<T> : Problem<T>, IHessian where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double[] _h;
    private readonly T[] _hT;
    private readonly T[] _optimum;
    private readonly T[] _difference;
    private readonly Parameter<T> _x;
    private readonly Parameter<T>[] _parameters;
    private readonly int _n;

    /// <summary>Builds the quadratic for an eigen-spectrum; the start point and x* are standard normal draws from the seed.</summary>
    public QuadraticProblem(IReadOnlyList<double> eigenvalues, ulong seed, bool rotate = true)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        if (eigenvalues.Count == 0) throw new ArgumentException("A quadratic needs at least one eigenvalue.", nameof(eigenvalues));
        foreach (double lambda in eigenvalues)
        {
            if (!(lambda >= 0) || !double.IsFinite(lambda))
                throw new ArgumentOutOfRangeException(nameof(eigenvalues), lambda, "Eigenvalues must be finite and non-negative.");
        }

        _n = eigenvalues.Count;
        Eigenvalues = eigenvalues.ToArray();
        Rotated = rotate;
        var random = new SeededRandom(seed);
        double[] q = rotate ? RandomRotation(_n, random) : Identity(_n);
        _h = new double[_n * _n];
        for (int i = 0; i < _n; i++)
        for (int j = 0; j < _n; j++)
        {
            double sum = 0;
            for (int k = 0; k < _n; k++) sum += q[i * _n + k] * Eigenvalues[k] * q[j * _n + k];
            _h[i * _n + j] = sum;
        }

        _hT = Array.ConvertAll(_h, T.CreateTruncating);
        var start = new T[_n];
        _optimum = new T[_n];
        random.FillGaussian<T>(start);
        random.FillGaussian<T>(_optimum);
        _difference = new T[_n];
        _x = new Parameter<T>(start, "x");
        _parameters = [_x];
    }

    /// <summary>The eigenvalues of H.</summary>
    public IReadOnlyList<double> Eigenvalues { get; }

    /// <summary>Whether H is rotated away from the axes.</summary>
    public bool Rotated { get; }

    /// <summary>The minimiser x*.</summary>
    public ReadOnlySpan<T> Optimum => _optimum;

    /// <inheritdoc />
    public override string Description =>
        $"quadratic D={_n} eigenvalues {Eigenvalues.Min():G3}…{Eigenvalues.Max():G3}{(Rotated ? ", rotated" : ", axis-aligned")}";

    /// <inheritdoc />
    public override IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <inheritdoc />
    public override IHessian Hessian => this;

    /// <inheritdoc />
    public override double LossAndGradient() => Evaluate(withGradient: true);

    /// <inheritdoc />
    public override double Loss() => Evaluate(withGradient: false);

    private double Evaluate(bool withGradient)
    {
        for (int i = 0; i < _n; i++) _difference[i] = _x.Value[i] - _optimum[i];
        T loss = T.Zero;
        T half = T.CreateTruncating(0.5);
        for (int i = 0; i < _n; i++)
        {
            T row = T.Zero;
            for (int j = 0; j < _n; j++) row += _hT[i * _n + j] * _difference[j];
            if (withGradient) _x.Grad[i] = row;
            loss += half * _difference[i] * row;
        }

        return double.CreateTruncating(loss);
    }

    int IHessian.Dimension => _n;

    void IHessian.Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        for (int i = 0; i < _n; i++)
        {
            double sum = 0;
            for (int j = 0; j < _n; j++) sum += _h[i * _n + j] * v[j];
            result[i] = sum;
        }
    }

    private static double[] Identity(int n)
    {
        var q = new double[n * n];
        for (int i = 0; i < n; i++) q[i * n + i] = 1;
        return q;
    }

    /// <summary>Columns of Q: modified Gram–Schmidt on Gaussian columns (stored row-major, Q[i, k] = q[i*n + k]).</summary>
    private static double[] RandomRotation(int n, SeededRandom random)
    {
        var q = new double[n * n];
        random.FillGaussian<double>(q);
        for (int k = 0; k < n; k++)
        {
            for (int previous = 0; previous < k; previous++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[i * n + k] * q[i * n + previous];
                for (int i = 0; i < n; i++) q[i * n + k] -= dot * q[i * n + previous];
            }

            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[i * n + k] * q[i * n + k];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) q[i * n + k] /= norm;
        }

        return q;
    }
}
