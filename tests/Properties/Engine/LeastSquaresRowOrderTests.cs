using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Problems;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// LeastSquaresProblem processes rows four at a time from an aligned, zero-padded copy of X, the backward of one block
/// in the same pass as the forward of the next; its loss and every gradient bit must equal the plain row-by-row loop with
/// the scalar one-row fused kernels over the padded rows (the definition), for shapes whose batch is not a multiple of
/// four, several outputs, without bias, mean reduction and minibatches.
/// </summary>
public class LeastSquaresRowOrderTests
{
    public static TheoryData<int, int, int, bool, Reduction, int?> Shapes() => new()
    {
        { 64, 1000, 1, true, Reduction.Sum, null },
        { 7, 37, 2, true, Reduction.Mean, null },
        { 9, 300, 3, false, Reduction.Sum, null },
        { 30, 41, 1, true, Reduction.Sum, 6 },
        { 3, 5, 1, true, Reduction.Mean, null },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Loss_and_gradient_bits_equal_the_row_by_row_reference(int rows, int inputs, int outputs, bool bias, Reduction reduction, int? batch)
    {
        Check<float>(rows, inputs, outputs, bias, reduction, batch);
        Check<double>(rows, inputs, outputs, bias, reduction, batch);
    }

    private static void Check<T>(int rows, int inputs, int outputs, bool bias, Reduction reduction, int? batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = LeastSquaresProblem<T>.Seeded(11, rows, inputs, outputs, bias, reduction, batch);
        var reference = LeastSquaresProblem<T>.Seeded(11, rows, inputs, outputs, bias, reduction, batch);
        var sampler = new MinibatchSampler(rows, batch, 11 ^ 0x5EED_BA7C_0000_0000UL); // the sampler Seeded gives the problem
        for (int step = 0; step < 3; step++)
        {
            double loss = problem.LossAndGradient();
            double expected = RowByRow(reference, sampler.Next(), out var weightGrad, out var biasGrad);
            BitConverter.DoubleToInt64Bits(loss).Should().Be(BitConverter.DoubleToInt64Bits(expected), $"loss at step {step}");
            problem.Weight.Grad.Should().Equal(weightGrad, $"weight gradient at step {step}");
            if (bias) problem.Bias!.Grad.Should().Equal(biasGrad, $"bias gradient at step {step}");

            // Move both to new parameters so the next step sees other residuals.
            for (int i = 0; i < problem.Weight.Length; i++)
            {
                T moved = problem.Weight.Value[i] - T.CreateTruncating(0.01) * weightGrad[i];
                problem.Weight.Value[i] = moved;
                reference.Weight.Value[i] = moved;
            }
        }
    }

    /// <summary>
    /// The definition: per output, per row in batch order, one scalar fused dot, then one scalar fused axpy, over rows,
    /// w and gradient padded with zeros to the 64-byte stride; the loss adds each squared residual with one rounding.
    /// </summary>
    private static double RowByRow<T>(LeastSquaresProblem<T> p, ReadOnlySpan<int> rows, out T[] weightGrad, out T[] biasGrad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = p.Reduction == Reduction.Sum ? T.One : T.One / T.CreateTruncating((double)rows.Length * p.Outputs);
        T two = T.CreateTruncating(2.0);
        int padded = AlignedBuffer<T>.PaddedStride(p.Inputs);
        weightGrad = new T[p.Outputs * p.Inputs];
        biasGrad = new T[p.Outputs];
        T loss = T.Zero;
        for (int o = 0; o < p.Outputs; o++)
        {
            var w = new T[padded];
            p.Weight.Value.AsSpan(o * p.Inputs, p.Inputs).CopyTo(w);
            var gw = new T[padded];
            T b = p.Bias is null ? T.Zero : p.Bias.Value[o];
            T gb = T.Zero;
            foreach (int i in rows)
            {
                var xi = new T[padded];
                p.X.Slice(i * p.Inputs, p.Inputs).CopyTo(xi);
                T residual = FusedRowKernel.DotScalar<T>(xi, w) + b - p.Y[i * p.Outputs + o];
                loss = T.FusedMultiplyAdd(residual, residual, loss);
                T coefficient = two * residual * scale;
                FusedRowKernel.AxpyScalar<T>(gw, coefficient, xi);
                gb += coefficient;
            }

            gw.AsSpan(0, p.Inputs).CopyTo(weightGrad.AsSpan(o * p.Inputs, p.Inputs));
            biasGrad[o] = gb;
        }

        return double.CreateTruncating(loss * scale);
    }
}
