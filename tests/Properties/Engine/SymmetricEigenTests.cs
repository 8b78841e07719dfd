using OptimizerLab.Data;
using OptimizerLab.Kernels;
using OptimizerLab.Lab;
using OptimizerLab.Problems;
using Xunit;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// The exact largest eigenvalue (Householder + bisection) against an independent dense reference (cyclic Jacobi, all
/// eigenvalues), against the power iteration it replaced, and the least-squares sharpness built on it against the
/// Hessian-vector-product path; bits the same with SIMD and with the scalar kernels forced; no allocation per call.
/// </summary>
public class SymmetricEigenTests
{
    public static TheoryData<int, ulong> Sizes() => new() { { 1, 1 }, { 2, 2 }, { 3, 3 }, { 7, 4 }, { 16, 5 }, { 33, 6 }, { 64, 7 }, { 65, 8 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Largest_eigenvalue_matches_a_Jacobi_reference_on_random_symmetric_matrices(int n, ulong seed)
    {
        foreach (bool psd in (bool[])[false, true])
        {
            double[] g = RandomSymmetric(n, seed, psd);
            double[] all = JacobiEigenvalues(g, n);
            double reference = all.Max();
            double exact = SymmetricEigen.LargestEigenvalue((double[])g.Clone(), n, new double[3 * n]);
            double scale = Math.Max(1.0, all.Max(Math.Abs));
            Assert.True(Math.Abs(exact - reference) <= 1e-12 * scale,
                $"n={n} psd={psd}: Householder+bisection {exact:R}, Jacobi {reference:R}");
        }
    }

    [Fact]
    public void Largest_eigenvalue_is_found_when_the_top_two_nearly_coincide_and_for_diagonal_and_zero_matrices()
    {
        // Q·diag(10, 10·(1 − 1e-9), 1, …)·Qᵀ: power iteration would need ~1e9 steps to separate the top pair.
        const int n = 12;
        var rng = new SeededRandom(99);
        double[] q = Orthogonal(n, rng);
        double[] values = Enumerable.Range(0, n).Select(i => i == 0 ? 10.0 : i == 1 ? 10.0 * (1 - 1e-9) : 1.0 + i * 0.1).ToArray();
        var g = new double[n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++) g[i * n + j] += q[i * n + k] * values[k] * q[j * n + k];
        Assert.Equal(10.0, SymmetricEigen.LargestEigenvalue(g, n, new double[3 * n]), 1e-12);

        double[] diagonal = new double[n * n];
        for (int i = 0; i < n; i++) diagonal[i * n + i] = i == 5 ? 7.5 : -i;
        Assert.Equal(7.5, SymmetricEigen.LargestEigenvalue(diagonal, n, new double[3 * n]));
        Assert.Equal(0.0, SymmetricEigen.LargestEigenvalue(new double[n * n], n, new double[3 * n]));
    }

    [Theory]
    [InlineData(8, 40, true)]
    [InlineData(13, 21, false)]
    [InlineData(64, 30, true)]
    public void Least_squares_sharpness_agrees_with_the_old_power_iteration_and_with_Hessian_vector_products(int rows, int inputs, bool bias)
    {
        // Small enough for the O(n³)-per-sweep Jacobi reference on the whole D^½HD^½ (n = 2·(inputs + 1)).
        var problem = LeastSquaresProblem<double>.Seeded(3, rows, inputs, outputs: 2, bias: bias);
        IHessian hessian = problem;
        var steps = new double[hessian.Dimension];
        var rng = new SeededRandom(11);
        rng.FillUniform<double>(steps, 1e-4, 1e-2);

        double exact = hessian.LargestPreconditionedEigenvalue(steps)!.Value;
        double old = OldPowerIteration(problem, steps);
        double viaProducts = JacobiEigenvalues(DenseScaledHessian(hessian, steps), hessian.Dimension).Max();
        Assert.True(Math.Abs(exact - old) <= 1e-10 * exact, $"exact {exact:R}, old power iteration {old:R}");
        Assert.True(Math.Abs(exact - viaProducts) <= 1e-10 * exact, $"exact {exact:R}, dense D^½HD^½ {viaProducts:R}");
    }

    [Fact]
    public void Least_squares_sharpness_has_the_same_bits_with_the_scalar_kernels_and_allocates_nothing_after_the_first_call()
    {
        var problem = LeastSquaresProblem<float>.Seeded(0);
        IHessian hessian = problem;
        var steps = new double[hessian.Dimension];
        new SeededRandom(5).FillUniform<double>(steps, 1e-5, 1e-1);
        double simd = hessian.LargestPreconditionedEigenvalue(steps)!.Value;
        double scalar = 0;
        KernelDispatch.WithScalarKernels(() => scalar = hessian.LargestPreconditionedEigenvalue(steps)!.Value);
        Assert.Equal(BitConverter.DoubleToInt64Bits(scalar), BitConverter.DoubleToInt64Bits(simd));

        long before = GC.GetAllocatedBytesForCurrentThread();
        double again = hessian.LargestPreconditionedEigenvalue(steps)!.Value;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(BitConverter.DoubleToInt64Bits(simd), BitConverter.DoubleToInt64Bits(again));
    }

    private static double[] RandomSymmetric(int n, ulong seed, bool psd)
    {
        var rng = new SeededRandom(seed);
        var b = new double[n * n];
        rng.FillGaussian<double>(b);
        var g = new double[n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int k = 0; k < n; k++) sum += psd ? b[i * n + k] * b[j * n + k] : 0;
            g[i * n + j] = psd ? sum : 0.5 * (b[i * n + j] + b[j * n + i]);
        }

        return g;
    }

    private static double[] Orthogonal(int n, SeededRandom rng)
    {
        // Gram–Schmidt on Gaussian columns, twice for accuracy.
        var q = new double[n * n];
        rng.FillGaussian<double>(q);
        for (int pass = 0; pass < 2; pass++)
        for (int c = 0; c < n; c++)
        {
            for (int p = 0; p < c; p++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[i * n + c] * q[i * n + p];
                for (int i = 0; i < n; i++) q[i * n + c] -= dot * q[i * n + p];
            }

            double norm = Math.Sqrt(Enumerable.Range(0, n).Sum(i => q[i * n + c] * q[i * n + c]));
            for (int i = 0; i < n; i++) q[i * n + c] /= norm;
        }

        return q;
    }

    /// <summary>All eigenvalues by cyclic Jacobi rotations until the off-diagonal mass is negligible.</summary>
    private static double[] JacobiEigenvalues(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                total += a[i * n + j] * a[i * n + j];
                if (i != j) off += a[i * n + j] * a[i * n + j];
            }

            if (off <= 1e-28 * total) break; // off-diagonal norm 1e-14 of the whole: eigenvalues exact to ~1e-14 relative
            for (int p = 0; p < n; p++)
            for (int r = p + 1; r < n; r++)
            {
                double apr = a[p * n + r];
                if (apr == 0) continue;
                double theta = (a[r * n + r] - a[p * n + p]) / (2 * apr);
                double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                for (int k = 0; k < n; k++)
                {
                    double akp = a[k * n + p], akr = a[k * n + r];
                    a[k * n + p] = c * akp - s * akr;
                    a[k * n + r] = s * akp + c * akr;
                }

                for (int k = 0; k < n; k++)
                {
                    double apk = a[p * n + k], ark = a[r * n + k];
                    a[p * n + k] = c * apk - s * ark;
                    a[r * n + k] = s * apk + c * ark;
                }
            }
        }

        return Enumerable.Range(0, n).Select(i => a[i * n + i]).ToArray();
    }

    private static double[] DenseScaledHessian(IHessian hessian, double[] steps)
    {
        int n = hessian.Dimension;
        var dense = new double[n * n];
        var unit = new double[n];
        var column = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(unit);
            unit[j] = Math.Sqrt(steps[j]);
            hessian.Multiply(unit, column);
            for (int i = 0; i < n; i++) dense[i * n + j] = Math.Sqrt(steps[i]) * column[i];
        }

        return dense;
    }

    /// <summary>
    /// The method this replaced, kept here as a reference: per output, G = 2s·A·D·Aᵀ, then power iteration on G² from the
    /// all-ones vector to a 1e-12 relative change (at most 5000 iterations), then the Rayleigh quotient on G.
    /// </summary>
    private static double OldPowerIteration(LeastSquaresProblem<double> problem, double[] steps)
    {
        int rows = problem.Rows, inputs = problem.Inputs;
        double[] x = problem.X.ToArray();
        double scale = 2.0 * (problem.Reduction == Reduction.Sum ? 1.0 : 1.0 / ((double)rows * problem.Outputs));
        double largest = 0;
        for (int o = 0; o < problem.Outputs; o++)
        {
            double biasStep = problem.Bias is null ? 0 : steps[problem.Outputs * inputs + o];
            var g = new double[rows * rows];
            for (int i = 0; i < rows; i++)
            for (int k = 0; k < rows; k++)
            {
                double sum = 0;
                for (int j = 0; j < inputs; j++) sum += x[i * inputs + j] * steps[o * inputs + j] * x[k * inputs + j];
                g[i * rows + k] = scale * (sum + biasStep);
            }

            var squared = new double[rows * rows];
            for (int i = 0; i < rows; i++)
            for (int k = 0; k < rows; k++)
            for (int m = 0; m < rows; m++) squared[i * rows + k] += g[i * rows + m] * g[m * rows + k];
            var v = new double[rows];
            var p = new double[rows];
            Array.Fill(v, 1 / Math.Sqrt(rows));
            double estimate = 0;
            for (int it = 0; it < 5000; it++)
            {
                double rayleigh = Multiply(squared, v, p, rows), norm = Math.Sqrt(p.Sum(e => e * e));
                for (int i = 0; i < rows; i++) v[i] = p[i] / norm;
                bool converged = Math.Abs(rayleigh - estimate) <= 1e-12 * Math.Abs(rayleigh);
                estimate = rayleigh;
                if (converged) break;
            }

            largest = Math.Max(largest, Multiply(g, v, p, rows));
        }

        return largest;
    }

    /// <summary>product = M·v; returns vᵀ·M·v.</summary>
    private static double Multiply(double[] m, double[] v, double[] product, int n)
    {
        double rayleigh = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int k = 0; k < n; k++) sum += m[i * n + k] * v[k];
            product[i] = sum;
            rayleigh += sum * v[i];
        }

        return rayleigh;
    }
}
