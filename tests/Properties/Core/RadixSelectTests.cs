using OptimizerLab.Data;
using OptimizerLab.Numerics;

namespace OptimizerLab.Properties.Core;

/// <summary>Radix selection against sorting: every rank of values with negatives, zeros, ties and wide exponents; the median.</summary>
public class RadixSelectTests
{
    [Theory]
    [InlineData(1, 1UL)]
    [InlineData(2, 2UL)]
    [InlineData(7, 3UL)]
    [InlineData(1001, 4UL)]
    [InlineData(4096, 5UL)]
    public void Every_rank_is_the_sorted_value_and_the_input_is_left_alone(int n, ulong seed)
    {
        var rng = new SeededRandom(seed);
        var values = new double[n];
        rng.FillGaussian<double>(values);
        for (int i = 0; i < n; i++)
        {
            // Ties, zeros, tiny and huge magnitudes: the digits past the exponent must decide.
            if (i % 5 == 0) values[i] = values[i / 2];
            if (i % 11 == 0) values[i] *= 1e-300;
            if (i % 13 == 0) values[i] *= 1e300;
            if (i % 17 == 0) values[i] = 0;
        }

        double[] copy = (double[])values.Clone();
        double[] sorted = values.Order().ToArray();
        var scratch = new double[n];
        for (int k = 0; k < n; k += Math.Max(1, n / 97))
            RadixSelect.Select(values, k, scratch).Should().Be(sorted[k], $"rank {k} of {n}");
        RadixSelect.Select(values, n - 1, scratch).Should().Be(sorted[^1]);
        values.Should().Equal(copy);
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        RadixSelect.Median(values, scratch).Should().Be(median);
        RadixSelect.Median(values, scratch, values.Aggregate(Math.Min), values.Aggregate(Math.Max)).Should().Be(median, "with the extremes given");
    }

    [Fact]
    public void Values_equal_in_all_but_the_last_bit_are_told_apart()
    {
        double one = 1.0, next = Math.BitIncrement(1.0), after = Math.BitIncrement(next);
        double[] values = [after, one, next, one, after];
        var scratch = new double[values.Length];
        RadixSelect.Select(values, 0, scratch).Should().Be(one);
        RadixSelect.Select(values, 2, scratch).Should().Be(next);
        RadixSelect.Select(values, 3, scratch).Should().Be(after);
    }
}
