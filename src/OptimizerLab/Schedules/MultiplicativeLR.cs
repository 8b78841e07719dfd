using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Multiplies each group's learning rate by a function of the epoch at every step
/// (<c>torch.optim.lr_scheduler.MultiplicativeLR</c>): <c>lr_t = lr_{t-1} · lr_lambda(t)</c> for t ≥ 1; epoch 0 keeps the rate.
/// </summary>
/// <remarks>
/// The functions are C# delegates; the saved state holds everything but them, as torch's does for plain functions.
/// Restarted by a <see cref="SequentialLR"/> at its milestone, it multiplies by <c>lr_lambda(0)</c>, as torch 2.x does
/// (torch 1.13 kept the rate there).
/// </remarks>
public sealed class MultiplicativeLR : LrLambdaSchedule
{
    /// <summary>The same factor function for every group.</summary>
    public MultiplicativeLR(IOptimizer optimizer, Func<int, double> lrLambda)
        : base(optimizer, null, lrLambda)
    {
    }

    /// <summary>One factor function per group, in group order.</summary>
    public MultiplicativeLR(IOptimizer optimizer, IReadOnlyList<Func<int, double>> lrLambdas)
        : base(optimizer, lrLambdas ?? throw new ArgumentNullException(nameof(lrLambdas)), null)
    {
    }

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        for (int i = 0; i < lrs.Length; i++) lrs[i] = initial ? GroupLr(i) : GroupLr(i) * Factor(i, epoch);
    }
}
