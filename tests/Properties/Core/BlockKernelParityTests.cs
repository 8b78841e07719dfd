using OptimizerLab.Data;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The Householder reduction's block kernels (<see cref="BlockProductKernel"/>, <see cref="SymmetricRank2Kernel"/>):
/// every width gives the bits of a plain loop written from their documented formula, for blocks of 1–70 rows, run over
/// up to 7 columns past the block (as the reduction runs them) inside a wider matrix.
/// </summary>
public class BlockKernelParityTests
{
    private const int Stride = 80;

    [Fact]
    public void Block_product_is_the_row_combination_in_index_order_at_every_width()
    {
        var rng = new SeededRandom(31);
        for (int m = 1; m <= 70; m++)
        {
            int columns = m + m % 8;
            var block = new double[(m - 1) * Stride + columns];
            var v = new double[m];
            rng.FillGaussian<double>(block);
            rng.FillGaussian<double>(v);
            double scale = 1.0 / (m + 0.5);
            var expected = new double[columns];
            for (int c = 0; c < columns; c++)
            {
                double sum = 0;
                for (int j = 0; j < m; j++) sum += block[j * Stride + c] * v[j];
                expected[c] = scale * sum;
            }

            var reference = new double[columns];
            LaneWidths<double, BlockProductKernel.Loop>.Reference(new BlockProductKernel.Loop(block, Stride, v, scale, reference));
            Bits(reference).Should().Equal(Bits(expected), $"m {m}, one lane");
            foreach (var (width, run) in LaneWidths<double, BlockProductKernel.Loop>.Simd)
            {
                var result = new double[columns];
                var loop = new BlockProductKernel.Loop(block, Stride, v, scale, result);
                run(ref loop);
                Bits(result).Should().Equal(Bits(expected), $"m {m}, {width}");
            }
        }
    }

    [Fact]
    public void Symmetric_rank2_update_is_the_entrywise_formula_at_every_width_keeps_the_block_symmetric_and_zeros_leave_columns_alone()
    {
        var rng = new SeededRandom(37);
        for (int m = 1; m <= 70; m++)
        {
            int columns = m + m % 8;
            var start = new double[(m - 1) * Stride + columns];
            rng.FillGaussian<double>(start);
            for (int i = 0; i < m; i++)
            for (int c = 0; c < i; c++) start[c * Stride + i] = start[i * Stride + c];
            var u = new double[columns];
            var w = new double[columns];
            rng.FillGaussian<double>(u.AsSpan(0, m));
            rng.FillGaussian<double>(w.AsSpan(0, m));
            var expected = (double[])start.Clone();
            for (int i = 0; i < m; i++)
            for (int c = 0; c < m; c++) expected[i * Stride + c] = start[i * Stride + c] - (u[i] * w[c] + w[i] * u[c]);

            var reference = (double[])start.Clone();
            LaneWidths<double, SymmetricRank2Kernel.Loop>.Reference(new SymmetricRank2Kernel.Loop(reference, Stride, m, u, w));
            Bits(reference).Should().Equal(Bits(expected), $"m {m}, one lane");
            foreach (var (width, run) in LaneWidths<double, SymmetricRank2Kernel.Loop>.Simd)
            {
                var block = (double[])start.Clone();
                var loop = new SymmetricRank2Kernel.Loop(block, Stride, m, u, w);
                run(ref loop);
                Bits(block).Should().Equal(Bits(expected), $"m {m}, {width}");
            }

            for (int i = 0; i < m; i++)
            for (int c = 0; c < i; c++) reference[c * Stride + i].Should().Be(reference[i * Stride + c], $"m {m}, ({i}, {c})");
        }
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
