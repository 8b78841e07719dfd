using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// Sets each group's learning rate to its base rate times a function of the epoch (<c>torch.optim.lr_scheduler.LambdaLR</c>):
/// <c>lr_t = base_lr · lr_lambda(t)</c>, from epoch 0 on.
/// </summary>
/// <remarks>
/// The functions are C# delegates. As in torch for plain functions and lambdas, the saved state holds everything but the
/// functions: a resumed schedule is built with the same functions, then loads the state.
/// </remarks>
public sealed class LambdaLR : LearningRateSchedule
{
    private readonly Func<int, double>[] _lambdas;

    /// <summary>The same factor function for every group.</summary>
    public LambdaLR(IOptimizer optimizer, Func<int, double> lrLambda)
        : this(optimizer, LrLambdas.ForEveryGroup(lrLambda, optimizer))
    {
    }

    /// <summary>One factor function per group, in group order.</summary>
    public LambdaLR(IOptimizer optimizer, IReadOnlyList<Func<int, double>> lrLambdas)
        : base(optimizer)
    {
        _lambdas = LrLambdas.PerGroup(lrLambdas, optimizer);
        Begin();
    }

    /// <inheritdoc />
    public override string Name => "LambdaLR";

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        int t = LrLambdas.Epoch(epoch);
        for (int i = 0; i < lrs.Length; i++) lrs[i] = BaseLrValues[i] * _lambdas[i](t);
    }

    private protected override void WriteSettings(JsonObject state)
    {
    }

    private protected override Action ReadSettings(ScheduleStateReader reader) => () => { };
}
