using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The SIMD scan for non-finite values finds one inside a full vector (not only in the scalar tail), and the norm
/// kernels read only the span they are given, not the array behind it.
/// </summary>
public class NonFiniteScanAndNormSliceTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void The_simd_scan_finds_a_non_finite_value_inside_a_full_vector(double bad)
    {
        // 64 doubles are sixteen full Vector256s and no tail; index 2 lies in the first vector.
        var values = Enumerable.Repeat(1.0, 64).ToArray();
        values[2] = bad;
        FiniteCheck.Simd<double>(values).Should().Be(2);
        FiniteCheck.IndexOfNonFinite<double>(values).Should().Be(2);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void The_simd_scan_finds_the_first_non_finite_value_wherever_it_lies(float bad)
    {
        // Lengths across the four-Vector512 blocks (64 floats), the Vector256 loop and the scalar tail; a second bad
        // value after the first must not be the one reported.
        for (int length = 1; length <= 200; length++)
        {
            var values = Enumerable.Range(0, length).Select(i => 1f + i).ToArray();
            FiniteCheck.Simd<float>(values).Should().Be(-1, $"{length} finite values");
            for (int at = 0; at < length; at++)
            {
                values[at] = bad;
                if (at + 3 < length) values[at + 3] = float.NaN;
                FiniteCheck.Simd<float>(values).Should().Be(at, $"the first bad value of {length} is at {at}");
                values[at] = 1f + at;
                if (at + 3 < length) values[at + 3] = 1f + at + 3;
            }
        }
    }

    [Fact]
    public void Norms_of_a_slice_ignore_the_elements_after_it()
    {
        // A slice of 5 ones out of 8: sum |x| = 5, sum x² = 5, max |x| = 1, whatever the width; the 3 after it are 100.
        var backing = new double[] { 1, 1, 1, 1, 1, 100, 100, 100 };
        var slice = new ReadOnlySpan<double>(backing, 0, 5);
        NormKernel.SumOfMagnitudesSimd(slice).Should().Be(5);
        NormKernel.SumOfSquaresSimd(slice).Should().Be(5);
        NormKernel.MaxMagnitudeSimd(slice).Should().Be(1);
        var floats = new float[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100, 100, 100, 100, 100 };
        NormKernel.SumOfMagnitudesSimd(new ReadOnlySpan<float>(floats, 0, 11)).Should().Be(11);
        NormKernel.SumOfSquaresSimd(new ReadOnlySpan<float>(floats, 0, 11)).Should().Be(11);
    }
}
