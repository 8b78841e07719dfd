namespace OptimizerLab.Snapshots.Format;

/// <summary>
/// Which steps a snapshot records: the first eleven (0–10, where the optimizers differ most), ten per decade after that
/// (round(10^(k/10))), every 100th, and the last. About 90 lines for 5000 steps: small enough to read in a diff, dense
/// enough that a change shows at the first recorded step after it (a deterministic run that differs at step t differs
/// at nearly every step after t).
/// </summary>
public static class RecordedSteps
{
    /// <summary>How the steps are chosen, for the snapshot header.</summary>
    public const string Rule = "0-10, 10 per decade, every 100th, last";

    /// <summary>The recorded steps of a curve with <paramref name="length"/> values, ascending.</summary>
    public static IReadOnlyList<int> For(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var steps = new SortedSet<int>();
        for (int t = 0; t <= 10 && t < length; t++) steps.Add(t);
        for (int k = 10; ; k++)
        {
            // 10^(k/10) from an exact table of the ten mantissas, so no libm rounding can move a step.
            long step = DecadeMantissas[k % 10] * Power10(k / 10) / 100;
            if (step >= length) break;
            steps.Add((int)step);
        }

        for (int t = 100; t < length; t += 100) steps.Add(t);
        steps.Add(length - 1);
        return steps.ToArray();
    }

    // round(100·10^(j/10)) for j = 0…9.
    private static readonly long[] DecadeMantissas = [100, 126, 158, 200, 251, 316, 398, 501, 631, 794];

    private static long Power10(int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++) value *= 10;
        return value;
    }
}
