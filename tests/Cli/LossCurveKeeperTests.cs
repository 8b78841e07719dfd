namespace OptimizerLab.Cli.Tests;

/// <summary>
/// The losses a streamed `run` keeps for its chart and question table: all of them below 100 000 steps; beyond, every step
/// below 4096, each step bucket's lowest and highest loss (1024 buckets per doubling) and the last step, in bounded memory.
/// </summary>
public class LossCurveKeeperTests
{
    [Fact]
    public void A_run_that_fits_keeps_every_loss()
    {
        var keeper = new LossCurveKeeper(5000);
        for (int t = 0; t < 5000; t++) keeper.Add(Loss(t));
        var (loss, steps) = keeper.Curve();
        steps.Should().BeNull();
        loss.Should().Equal(Enumerable.Range(0, 5000).Select(Loss));
    }

    [Fact]
    public void A_long_run_keeps_the_first_steps_each_buckets_extremes_and_the_last_step_in_bounded_memory()
    {
        const int steps = 3_000_000;
        var keeper = new LossCurveKeeper(steps);
        for (int t = 0; t < steps; t++) keeper.Add(Loss(t));
        var (loss, at) = keeper.Curve();

        at.Should().NotBeNull();
        at!.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        at.Take(4096).Should().Equal(Enumerable.Range(0, 4096));
        at[^1].Should().Be(steps - 1);
        loss.Count.Should().BeLessThan(4096 + 2 * 1024 * 10 + 2, "4096 exact steps, then two points per bucket over 10 doublings, and the last step");
        for (int k = 0; k < at.Count; k++) loss[k].Should().Be(Loss(at[k]));

        // Every extreme survives: the highest and lowest loss of every 4096-step stretch beyond the first lie in the kept points
        // (a bucket of the doubling from 2²¹ spans 2048 steps).
        foreach (int from in new[] { 5_000, 1_000_000, 2_990_000 })
        {
            var stretch = Enumerable.Range(from, 2048).Where(t => t < steps);
            int high = stretch.MaxBy(Loss), low = stretch.MinBy(Loss);
            at.Should().Contain(high).And.Contain(low);
        }

        for (int t = steps - 3; t < steps; t++) keeper.At(t).Should().Be(Loss(t));
        keeper.At(301).Should().Be(Loss(301));
        keeper.Invoking(k => k.At(100_000)).Should().Throw<ArgumentOutOfRangeException>();
    }

    // A curve with a spike every 997 steps and a dip every 1009, so buckets have extremes inside them.
    private static double Loss(int t) => t % 997 == 0 ? 10 + t : t % 1009 == 0 ? 1e-9 : 1.0 / (1 + t % 31);
}
