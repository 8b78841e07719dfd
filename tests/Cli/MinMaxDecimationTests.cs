using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Plots;

namespace OptimizerLab.Cli.Tests;

/// <summary>Thinning a curve for the chart keeps every bucket's extremes, in step order, and the last point.</summary>
public class MinMaxDecimationTests
{
    [Property(MaxTest = 200)]
    public Property Keeps_extremes_order_and_ends(PositiveInt lengthSeed, PositiveInt bucketSeed, int seed)
    {
        int length = 1 + lengthSeed.Get % 5000, buckets = 1 + bucketSeed.Get % 300;
        var random = new Random(seed);
        double[] xs = Enumerable.Range(0, length).Select(i => (double)i).ToArray();
        double[] ys = xs.Select(_ => random.NextDouble() * 20 - 10).ToArray();
        var (keptX, keptY) = MinMaxDecimation.Thin(xs, ys, buckets);

        bool small = length <= 2 * buckets;
        bool sizeOk = small ? keptX.Length == length : keptX.Length <= 2 * buckets + 1;
        bool ordered = keptX.Zip(keptX.Skip(1), (a, b) => a < b).All(b => b);
        bool valuesFromCurve = keptX.Zip(keptY, (x, y) => ys[(int)x] == y).All(b => b);
        bool extremes = keptY.Max() == ys.Max() && keptY.Min() == ys.Min();
        bool last = keptX[^1] == xs[^1];
        return (sizeOk && ordered && valuesFromCurve && extremes && last).Label($"length {length}, buckets {buckets}, kept {keptX.Length}");
    }
}
