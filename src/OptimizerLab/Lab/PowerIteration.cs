using OptimizerLab.Kernels;
using OptimizerLab.Problems;

namespace OptimizerLab.Lab;

/// <summary>
/// λ_max of D^½·H·D^½ (the same eigenvalues as H·D): exactly where the problem has a small form of it
/// (<see cref="IHessian.LargestPreconditionedEigenvalue"/>, e.g. least squares with N ≪ D), otherwise by power iteration
/// on H·v, warm-started from the previous eigenvector so that tracking the sharpness along a run costs a few iterations
/// per measurement. All in double, in a fixed order.
/// </summary>
public sealed class PowerIteration
{
    private readonly IHessian _hessian;
    private readonly double[] _vector;
    private readonly double[] _scaled;
    private readonly double[] _product;

    /// <summary>Prepares buffers for the Hessian's dimension; the start vector is all ones (deterministic).</summary>
    public PowerIteration(IHessian hessian)
    {
        _hessian = hessian;
        _vector = new double[hessian.Dimension];
        _scaled = new double[hessian.Dimension];
        _product = new double[hessian.Dimension];
        Array.Fill(_vector, 1.0 / Math.Sqrt(hessian.Dimension));
    }

    /// <summary>The Hessian's dimension: how many step sizes <see cref="LargestEigenvalue(ReadOnlySpan{double}, double, int)"/> takes.</summary>
    public int Dimension => _vector.Length;

    /// <summary>
    /// λ_max(D^½ H D^½) for D = diag(<paramref name="stepSizes"/>) (pass all ones for λ_max(H)); iterates until the
    /// estimate changes by less than <paramref name="relativeTolerance"/> or <paramref name="maxIterations"/> is reached.
    /// </summary>
    public double LargestEigenvalue(ReadOnlySpan<double> stepSizes, double relativeTolerance = 1e-4, int maxIterations = 200)
    {
        if (_hessian.LargestPreconditionedEigenvalue(stepSizes) is double direct) return direct;
        double estimate = 0;
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            for (int i = 0; i < _vector.Length; i++) _scaled[i] = Math.Sqrt(stepSizes[i]) * _vector[i];
            _hessian.Multiply(_scaled, _product);
            double norm = 0, rayleigh = 0;
            for (int i = 0; i < _vector.Length; i++)
            {
                double value = Math.Sqrt(stepSizes[i]) * _product[i];
                rayleigh += value * _vector[i];
                _product[i] = value;
                norm += value * value;
            }

            norm = Math.Sqrt(norm);
            if (norm == 0) return 0;
            for (int i = 0; i < _vector.Length; i++) _vector[i] = _product[i] / norm;
            bool converged = Math.Abs(rayleigh - estimate) <= relativeTolerance * Math.Abs(rayleigh);
            estimate = rayleigh;
            if (converged && iteration > 0) break;
        }

        return estimate;
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
}
