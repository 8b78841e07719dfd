using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>The factor functions of <see cref="LambdaLR"/> and <see cref="MultiplicativeLR"/>: one for every group, or one per group.</summary>
internal static class LrLambdas
{
    public static Func<int, double>[] ForEveryGroup(Func<int, double> lrLambda, IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(lrLambda);
        ArgumentNullException.ThrowIfNull(optimizer);
        return Enumerable.Repeat(lrLambda, optimizer.GroupOptions.Count).ToArray();
    }

    /// <summary>One function per group, with torch's message when the count is wrong.</summary>
    public static Func<int, double>[] PerGroup(IReadOnlyList<Func<int, double>> lrLambdas, IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(lrLambdas);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (lrLambdas.Count != optimizer.GroupOptions.Count)
            throw new ArgumentException($"Expected {optimizer.GroupOptions.Count} lr_lambdas, but got {lrLambdas.Count}", "lr_lambda");
        for (int i = 0; i < lrLambdas.Count; i++)
        {
            if (lrLambdas[i] is null) throw new ArgumentNullException("lr_lambda", $"lr_lambda at index {i} should be a function, but got None");
        }

        return lrLambdas.ToArray();
    }

    /// <summary>torch passes <c>last_epoch</c>, a Python int; here an <see cref="int"/>, so a schedule stops at int.MaxValue epochs.</summary>
    public static int Epoch(long epoch) => checked((int)epoch);
}
