using OptimizerLab.Kernels;
using OptimizerLab.Problems;

namespace OptimizerLab.Lab;

/// <summary>
/// λ_max of D^½·H·D^½ (the same eigenvalues as H·D): exactly where the problem has a small form of it
/// (<see cref="IHessian.LargestPreconditionedEigenvalue"/>, e.g. least squares with N ≪ D), otherwise by the Lanczos
/// method on Hessian-vector products (<see cref="Lanczos"/>), warm-started from the previous measurement's eigenvector
/// so that tracking the sharpness along a run costs few products per measurement. All in double, in a fixed order.
/// </summary>
/// <remarks>
/// The class keeps its name from the power iteration the Lanczos method replaced: a power iteration stopped on a
/// relative change of 1e-4 undershot λ_max by up to ~1e-3 when the top two eigenvalues were close (as the lab's
/// preconditioned Hessians' are), where the Lanczos estimate is within ~1e-10 for a similar number of products.
/// </remarks>
public sealed class PowerIteration
{
    /// <summary>Doubles the Lanczos basis may hold (32 MB): large problems get a thinner basis and restart more often.</summary>
    private const int BasisBudget = 1 << 22;

    private readonly IHessian _hessian;
    private readonly double[] _vector;
    private readonly ScaledHessian _operator;
    private readonly Lanczos _lanczos;

    /// <summary>Prepares buffers for the Hessian's dimension; the start vector is all ones (deterministic).</summary>
    public PowerIteration(IHessian hessian)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        _hessian = hessian;
        int n = hessian.Dimension;
        _vector = new double[n];
        Array.Fill(_vector, 1.0 / Math.Sqrt(n));
        _operator = new ScaledHessian(hessian);
        _lanczos = new Lanczos(n, Math.Clamp(BasisBudget / n, 4, 40));
    }

    /// <summary>The Hessian's dimension: how many step sizes <see cref="LargestEigenvalue(ReadOnlySpan{double}, double, int)"/> takes.</summary>
    public int Dimension => _vector.Length;

    /// <summary>
    /// λ_max(D^½ H D^½) for D = diag(<paramref name="stepSizes"/>) (pass all ones for λ_max(H)). Through products, it
    /// stops once the Ritz residual ‖M·x − θ·x‖ is at most <paramref name="relativeTolerance"/>·θ (the error of θ is then
    /// about the residual squared over the spectral gap) or after <paramref name="maxIterations"/> products.
    /// </summary>
    public double LargestEigenvalue(ReadOnlySpan<double> stepSizes, double relativeTolerance = 1e-6, int maxIterations = 400)
    {
        if (stepSizes.Length != Dimension)
            throw new ArgumentException($"{stepSizes.Length} step sizes for a Hessian of dimension {Dimension}.", nameof(stepSizes));
        if (_hessian.LargestPreconditionedEigenvalue(stepSizes) is double direct) return direct;
        _operator.Scale(stepSizes);
        return Math.Max(0, _lanczos.Largest(_operator, _vector, relativeTolerance, maxIterations));
    }

    /// <summary>The current (warm-start) vector, for checkpoints: resuming with it gives the same estimates as never stopping.</summary>
    public double[] SaveState() => (double[])_vector.Clone();

    /// <summary>Restores the vector from <see cref="SaveState"/>.</summary>
    public void LoadState(ReadOnlySpan<double> vector)
    {
        if (vector.Length != _vector.Length)
            throw new InvalidDataException($"The power-iteration vector has {vector.Length} values; the Hessian has dimension {_vector.Length}.");
        vector.CopyTo(_vector);
    }

    /// <summary>λ_max(H) alone.</summary>
    public static double LargestEigenvalue(IHessian hessian)
    {
        var ones = new double[hessian.Dimension];
        Array.Fill(ones, 1.0);
        return new PowerIteration(hessian).LargestEigenvalue(ones, 1e-9, 2000);
    }

    /// <summary>M·v = S·H·S·v with S = D^½, the square roots taken once per measurement.</summary>
    private sealed class ScaledHessian(IHessian hessian) : ISymmetricProduct
    {
        private readonly double[] _roots = new double[hessian.Dimension];
        private readonly double[] _scaled = new double[hessian.Dimension];

        public void Scale(ReadOnlySpan<double> stepSizes)
        {
            for (int i = 0; i < _roots.Length; i++) _roots[i] = Math.Sqrt(stepSizes[i]);
        }

        public void Multiply(ReadOnlySpan<double> v, Span<double> result)
        {
            for (int i = 0; i < _roots.Length; i++) _scaled[i] = _roots[i] * v[i];
            hessian.Multiply(_scaled, result);
            for (int i = 0; i < _roots.Length; i++) result[i] *= _roots[i];
        }
    }
}
