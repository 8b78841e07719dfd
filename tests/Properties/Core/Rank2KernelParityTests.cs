using OptimizerLab.Data;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>The fused rank-2 update gives the bits of its two axpys, with SIMD and with the scalar kernels, for lengths 1–70.</summary>
public class Rank2KernelParityTests
{
    [Fact]
    public void One_pass_equals_two_axpys_at_every_width()
    {
        var rng = new SeededRandom(23);
        for (int n = 1; n <= 70; n++)
        {
            var y = new double[n];
            var x1 = new double[n];
            var x2 = new double[n];
            rng.FillGaussian<double>(y);
            rng.FillGaussian<double>(x1);
            rng.FillGaussian<double>(x2);
            double a = -0.37 * n, b = 1.0 / (n + 3);
            var twoAxpys = (double[])y.Clone();
            KernelDispatch.WithScalarKernels(() =>
            {
                AxpyKernel.Add<double>(twoAxpys, a, x1);
                AxpyKernel.Add<double>(twoAxpys, b, x2);
            });
            var simd = (double[])y.Clone();
            Rank2Kernel.Add(simd, a, x1, b, x2);
            var scalar = (double[])y.Clone();
            KernelDispatch.WithScalarKernels(() => Rank2Kernel.Add(scalar, a, x1, b, x2));
            simd.Select(BitConverter.DoubleToInt64Bits).Should().Equal(twoAxpys.Select(BitConverter.DoubleToInt64Bits), $"length {n}, SIMD");
            scalar.Select(BitConverter.DoubleToInt64Bits).Should().Equal(twoAxpys.Select(BitConverter.DoubleToInt64Bits), $"length {n}, scalar");
        }
    }
}
