using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The entry points of the unfused axpy kernel (as the Hessian product and the eigen-solver call them) do the work and
/// give the scalar reference's bits, for lengths around every vector width, float and double.
/// </summary>
public class AxpyEntryPointTests
{
    private static readonly int[] Lengths = [1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100];

    private static T[] Random<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++) values[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        return values;
    }

    private static void AxpyEntryPointsMatchScalar<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int n in Lengths)
        {
            var x = Random<T>(n, n);
            var start = Random<T>(n, -n);
            T alpha = T.CreateTruncating(0.37);
            var expected = (T[])start.Clone();
            AxpyKernel.Scalar<T>(expected, alpha, x);
            expected.Should().NotEqual(start, "the reference must change y for the comparison to mean anything");

            var viaAdd = (T[])start.Clone();
            AxpyKernel.Add<T>(viaAdd, alpha, x);
            viaAdd.Should().Equal(expected, $"Add at length {n}");

            var viaSimd = (T[])start.Clone();
            AxpyKernel.Simd<T>(viaSimd, alpha, x);
            viaSimd.Should().Equal(expected, $"Simd at length {n}");
        }
    }

    [Fact]
    public void Axpy_entry_points_match_the_scalar_reference_float() => AxpyEntryPointsMatchScalar<float>();

    [Fact]
    public void Axpy_entry_points_match_the_scalar_reference_double() => AxpyEntryPointsMatchScalar<double>();

    [Fact]
    public void Axpy_writes_nothing_past_the_end_of_y()
    {
        // y is the first 13 of 24 elements; the loop must stop at 13 whatever width runs.
        foreach (var axpy in new Action<double[]>[]
                 {
                     big => AxpyKernel.Add<double>(big.AsSpan(0, 13), 1.0, Enumerable.Repeat(1.0, 13).ToArray()),
                     big => AxpyKernel.Simd<double>(big.AsSpan(0, 13), 1.0, Enumerable.Repeat(1.0, 13).ToArray()),
                     big => AxpyKernel.Scalar<double>(big.AsSpan(0, 13), 1.0, Enumerable.Repeat(1.0, 13).ToArray()),
                 })
        {
            var big = new double[24];
            axpy(big);
            big.Take(13).Should().AllBeEquivalentTo(1.0);
            big.Skip(13).Should().AllBeEquivalentTo(0.0);
        }
    }
}
