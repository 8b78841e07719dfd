using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// What <see cref="LambdaLR"/> and <see cref="MultiplicativeLR"/> share: one factor function of the epoch per group
/// (torch's <c>lr_lambdas</c>), and a state that holds everything but the functions, as torch's does for plain functions.
/// </summary>
public abstract class LrLambdaSchedule : LearningRateSchedule
{
    private readonly Func<int, double>[] _lambdas;

    private protected LrLambdaSchedule(IOptimizer optimizer, IReadOnlyList<Func<int, double>>? lrLambdas, Func<int, double>? lrLambda)
        : base(optimizer)
    {
        _lambdas = lrLambdas is null
            ? Enumerable.Repeat(lrLambda ?? throw new ArgumentNullException("lr_lambda"), GroupCount).ToArray()
            : PerGroup(lrLambdas, GroupCount);
        Begin();
    }

    /// <summary>Group <paramref name="group"/>'s factor at <paramref name="epoch"/>; torch passes <c>last_epoch</c>, an int here.</summary>
    private protected double Factor(int group, long epoch) => _lambdas[group](checked((int)epoch));

    private static Func<int, double>[] PerGroup(IReadOnlyList<Func<int, double>> lrLambdas, int groupCount)
    {
        if (lrLambdas.Count != groupCount)
            throw new ArgumentException($"Expected {groupCount} lr_lambdas, but got {lrLambdas.Count}", "lr_lambda");
        for (int i = 0; i < lrLambdas.Count; i++)
        {
            if (lrLambdas[i] is null) throw new ArgumentNullException("lr_lambda", $"lr_lambda at index {i} should be a function, but got None");
        }

        return lrLambdas.ToArray();
    }
}
