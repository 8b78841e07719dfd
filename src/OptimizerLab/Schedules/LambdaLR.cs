using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Sets each group's learning rate to its base rate times a function of the epoch (<c>torch.optim.lr_scheduler.LambdaLR</c>):
/// <c>lr_t = base_lr · lr_lambda(t)</c>, from epoch 0 on.
/// </summary>
/// <remarks>
/// The functions are C# delegates. As in torch for plain functions and lambdas, the saved state holds everything but the
/// functions: a resumed schedule is built with the same functions, then loads the state.
/// </remarks>
public sealed class LambdaLR : LrLambdaSchedule
{
    /// <summary>The same factor function for every group.</summary>
    public LambdaLR(IOptimizer optimizer, Func<int, double> lrLambda)
        : base(optimizer, null, lrLambda)
    {
    }

    /// <summary>One factor function per group, in group order.</summary>
    public LambdaLR(IOptimizer optimizer, IReadOnlyList<Func<int, double>> lrLambdas)
        : base(optimizer, lrLambdas ?? throw new ArgumentNullException(nameof(lrLambdas)), null)
    {
    }

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        for (int i = 0; i < lrs.Length; i++) lrs[i] = BaseLrValues[i] * Factor(i, epoch);
    }
}
