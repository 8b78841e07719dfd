using OptimizerLab.Data;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The sharpness's Gram kernel: the Vector512 (4 × 4 tiles), two-Vector256 and scalar paths give the same bits for every
/// entry, for row counts that do and do not fill the tiles; its dot product likewise for lengths 1–70; both equal a
/// plain double sum to rounding. The Vector512 path is checked even without AVX-512 (.NET then emulates it).
/// </summary>
public class GramKernelParityTests
{
    [Theory]
    [InlineData(1, 8)]
    [InlineData(3, 16)]
    [InlineData(4, 24)]
    [InlineData(9, 40)]
    [InlineData(64, 1000)]
    public void Every_width_gives_the_scalar_reference_bits(int rows, int inputs)
    {
        int stride = (inputs + 7) / 8 * 8;
        var rng = new SeededRandom((ulong)(rows * 1000 + inputs));
        var x = new double[rows * stride];
        for (int i = 0; i < rows; i++) rng.FillGaussian<double>(x.AsSpan(i * stride, inputs));
        var w = new double[stride];
        rng.FillUniform<double>(w.AsSpan(0, inputs), 1e-5, 1e-1);

        double[] Gram(int width)
        {
            var g = new double[rows * rows];
            g.AsSpan().Fill(double.NaN); // entries above the diagonal must stay untouched
            GramKernel.WeightedLowerTriangle(x, rows, stride, w, g, new double[4 * stride], width);
            return g;
        }

        long[] scalar = Bits(Gram(1));
        Bits(Gram(256)).Should().Equal(scalar);
        Bits(Gram(512)).Should().Equal(scalar);
        var g = Gram(1);
        for (int i = 0; i < rows; i++)
        for (int k = 0; k < rows; k++)
        {
            if (k > i)
            {
                double.IsNaN(g[i * rows + k]).Should().BeTrue($"G[{i}, {k}] is above the diagonal");
                continue;
            }

            double plain = 0, magnitude = 0;
            for (int j = 0; j < inputs; j++)
            {
                plain += x[i * stride + j] * w[j] * x[k * stride + j];
                magnitude += Math.Abs(x[i * stride + j] * w[j] * x[k * stride + j]);
            }

            Math.Abs(g[i * rows + k] - plain).Should().BeLessThanOrEqualTo(1e-13 * magnitude, $"G[{i}, {k}]");
        }
    }

    [Fact]
    public void Dot_gives_the_same_bits_at_every_width_for_every_length()
    {
        var rng = new SeededRandom(17);
        for (int n = 0; n <= 70; n++)
        {
            var a = new double[n];
            var b = new double[n];
            rng.FillGaussian<double>(a);
            rng.FillGaussian<double>(b);
            long scalar = BitConverter.DoubleToInt64Bits(GramKernel.Dot(a, b, 1));
            BitConverter.DoubleToInt64Bits(GramKernel.Dot(a, b, 256)).Should().Be(scalar, $"length {n}, two Vector256");
            BitConverter.DoubleToInt64Bits(GramKernel.Dot(a, b, 512)).Should().Be(scalar, $"length {n}, Vector512");
        }
    }

    [Fact]
    public void Dot_adds_in_eight_lanes_not_left_to_right()
    {
        // 1e17 + 1 − 1e17: left to right loses the 1; in lanes, 1e17 and −1e17 cancel in lane 0 and the 1 stays in lane 1.
        double[] a = [1e17, 1, 0, 0, 0, 0, 0, 0, -1e17];
        double[] b = [1, 1, 1, 1, 1, 1, 1, 1, 1];
        GramKernel.Dot(a, b, 1).Should().Be(1);
        GramKernel.Dot(a, b, 512).Should().Be(1);
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
