using OptimizerLab.Schedules;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>Compares a schedule's learning rates with a sequence written out in torch's test_lrscheduler.py.</summary>
internal static class TorchSequences
{
    /// <summary>
    /// torch's targets are Python expressions of the closed form, ours the chainable form: they agree to rounding. The
    /// bound, 1e-12 relative, is about 4500 ulps: far below any real difference (a wrong step is off by percents).
    /// </summary>
    public const double Relative = 1e-12;

    /// <summary>
    /// Steps <paramref name="step"/> epochs-1 times, checking before each step as torch's <c>_test</c> does: epoch t of
    /// <paramref name="targets"/>[g] is group g's rate after t steps.
    /// </summary>
    public static void Check(ILearningRateSchedule schedule, double[][] targets, Action step)
    {
        int epochs = targets[0].Length;
        for (int t = 0; t < epochs; t++)
        {
            var lrs = ScheduleKit.Snapshot(schedule);
            for (int g = 0; g < targets.Length; g++)
            {
                double expected = targets[g][t];
                lrs[g].Should().BeApproximately(expected, Relative * Math.Abs(expected), $"{schedule.Name}, group {g}, epoch {t}");
            }

            step();
        }
    }

    public static void Check(IStepwiseSchedule schedule, params double[][] targets) => Check(schedule, targets, schedule.Step);

    /// <summary>Python's <c>[f(x) for x in range(n)]</c>.</summary>
    public static double[] Range(int n, Func<int, double> f) => Enumerable.Range(0, n).Select(f).ToArray();

    /// <summary>Python's <c>[x] * n</c>.</summary>
    public static double[] Repeat(double x, int n) => Enumerable.Repeat(x, n).ToArray();
}
