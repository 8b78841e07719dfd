using OptimizerLab.Data;
using OptimizerLab.Kernels;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// The sharpness through Hessian-vector products (warm-started Lanczos, <see cref="PowerIteration"/>'s path for problems
/// without a small exact form) against the exact least-squares eigenvalue along a whole Adam run; a warm start that is
/// exactly a lower eigenvector still finds the top; the same bits with the scalar kernels; no allocation per measurement.
/// </summary>
public class LanczosTests
{
    /// <summary>The stated accuracy: measured up to ~1e-10 on the seed problem's runs (six optimizers, plateau forecasts included).</summary>
    private const double RelativeError = 1e-8;

    [Fact]
    public void Tracked_sharpness_agrees_with_the_exact_eigenvalue_at_every_measurement_of_a_whole_Adam_run()
    {
        // The seed problem's shape with 200 inputs: plateau, v's decay, rebound and edge of stability within 3000 steps.
        var problem = LeastSquaresProblem<double>.Seeded(0, rows: 64, inputs: 200);
        IHessian exact = problem;
        var tracked = new PowerIteration(new ProductsOnly(exact));
        var adam = OptimizerCatalog.Create<double>("adam", problem.Parameters, OptimizerCatalog.Options("adam", new Dictionary<string, string> { ["lr"] = "1e-2" }));
        var steps = new double[exact.Dimension];
        var denominators = new double[exact.Dimension];
        double worst = 0;
        int measured = 0;
        for (int t = 0; t < 3000; t++)
        {
            problem.LossAndGradient();
            adam.Step();
            if (t % 50 != 0) continue; // the CLI's default sharpness cadence
            adam.Dynamics.ReadStepSizes(steps, denominators);
            double reference = exact.LargestPreconditionedEigenvalue(steps)!.Value;
            double estimate = tracked.LargestEigenvalue(steps);
            worst = Math.Max(worst, Math.Abs(estimate - reference) / reference);
            measured++;
        }

        measured.Should().Be(60);
        worst.Should().BeLessThanOrEqualTo(RelativeError);
    }

    [Fact]
    public void A_warm_start_on_a_lower_eigenvector_of_a_block_diagonal_operator_still_finds_the_top()
    {
        // D^½HD^½ = diag(1, 2, …, 40) with the top at coordinate 7; the start is e₃, an exact eigenvector (λ = 4): its
        // Krylov space is one-dimensional, so only the mixed-in direction can show the rest of the spectrum.
        const int n = 40;
        var hessian = new Diagonal(Enumerable.Range(1, n).Select(i => i == 8 ? 100.0 : i).ToArray());
        var power = new PowerIteration(hessian);
        var start = new double[n];
        start[3] = 1;
        power.LoadState(start);
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        power.LargestEigenvalue(ones).Should().BeApproximately(100.0, 100.0 * RelativeError);
    }

    [Fact]
    public void Tracked_sharpness_has_the_same_bits_with_the_scalar_kernels_and_allocates_nothing_per_measurement()
    {
        var problem = LeastSquaresProblem<float>.Seeded(0, rows: 64, inputs: 300);
        IHessian hessian = new ProductsOnly(problem);
        var steps = new double[hessian.Dimension];
        new SeededRandom(5).FillUniform<double>(steps, 1e-5, 1e-1);
        var simd = new PowerIteration(hessian);
        var scalar = new PowerIteration(hessian);
        double fromSimd = simd.LargestEigenvalue(steps);
        double fromScalar = 0;
        KernelDispatch.WithScalarKernels(() => fromScalar = scalar.LargestEigenvalue(steps));
        BitConverter.DoubleToInt64Bits(fromScalar).Should().Be(BitConverter.DoubleToInt64Bits(fromSimd));
        simd.SaveState().Should().Equal(scalar.SaveState());

        steps[0] *= 2; // another measurement, warm-started
        long before = GC.GetAllocatedBytesForCurrentThread();
        simd.LargestEigenvalue(steps);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    /// <summary>A Hessian seen only through its products, as a problem without a small exact form is.</summary>
    private sealed class ProductsOnly(IHessian inner) : IHessian
    {
        public int Dimension => inner.Dimension;

        public void Multiply(ReadOnlySpan<double> v, Span<double> result) => inner.Multiply(v, result);
    }

    private sealed class Diagonal(double[] values) : IHessian
    {
        public int Dimension => values.Length;

        public void Multiply(ReadOnlySpan<double> v, Span<double> result)
        {
            for (int i = 0; i < values.Length; i++) result[i] = values[i] * v[i];
        }
    }
}
