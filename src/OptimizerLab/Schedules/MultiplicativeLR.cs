using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

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
public sealed class MultiplicativeLR : LearningRateSchedule
{
    private readonly Func<int, double>[] _lambdas;

    /// <summary>The same factor function for every group.</summary>
    public MultiplicativeLR(IOptimizer optimizer, Func<int, double> lrLambda)
        : this(optimizer, LrLambdas.ForEveryGroup(lrLambda, optimizer))
    {
    }

    /// <summary>One factor function per group, in group order.</summary>
    public MultiplicativeLR(IOptimizer optimizer, IReadOnlyList<Func<int, double>> lrLambdas)
        : base(optimizer)
    {
        _lambdas = LrLambdas.PerGroup(lrLambdas, optimizer);
        Begin();
    }

    /// <inheritdoc />
    public override string Name => "MultiplicativeLR";

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        if (initial)
        {
            for (int i = 0; i < lrs.Length; i++) lrs[i] = GroupLr(i);
            return;
        }

        int t = LrLambdas.Epoch(epoch);
        for (int i = 0; i < lrs.Length; i++) lrs[i] = GroupLr(i) * _lambdas[i](t);
    }

    private protected override void WriteSettings(JsonObject state)
    {
    }

    private protected override Action ReadSettings(ScheduleStateReader reader) => () => { };
}
