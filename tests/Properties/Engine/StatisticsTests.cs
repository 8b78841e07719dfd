using FsCheck;
using FsCheck.Fluent;
using OptimizerLab.Analysis;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Engine;

/// <summary>The quickselect median equals the sorted median.</summary>
public class StatisticsTests
{
    [SeededProperty(Cases = 300)]
    public Property Median_equals_the_median_of_the_sorted_values(NonEmptyArray<NormalFloat> input)
    {
        double[] values = input.Get.Select(v => v.Get).ToArray();
        double[] sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        double expected = sorted.Length % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
        return (Statistics.MedianInPlace(values) == expected).Label($"values {string.Join(", ", input.Get)}");
    }

    [Fact]
    public void Median_of_an_even_count_averages_the_middle_two() =>
        Statistics.MedianInPlace(new double[] { 4, 1, 3, 2 }).Should().Be(2.5);
}
