using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Steps several schedules of one optimizer together, in order, so that their chainable forms compose
/// (<c>torch.optim.lr_scheduler.ChainedScheduler</c>): each schedule changes the rate the one before it left.
/// </summary>
/// <remarks>
/// As in torch, construction steps nothing (each schedule already made its initial step when it was built) and the last
/// learning rates are the optimizer's. torch's ChainedScheduler keeps no epoch; <see cref="CompositeSchedule.LastEpoch"/>
/// here counts its steps.
/// </remarks>
public sealed class ChainedScheduler : CompositeSchedule
{
    /// <summary>Chains <paramref name="schedules"/>; the optimizer is the first schedule's unless given.</summary>
    public ChainedScheduler(IReadOnlyList<LearningRateSchedule> schedules, IOptimizer? optimizer = null)
        : base(schedules, optimizer ?? FirstOptimizer(schedules))
    {
        ReadLrs();
    }

    /// <inheritdoc />
    public override string Name => "ChainedScheduler";

    private static IOptimizer FirstOptimizer(IReadOnlyList<LearningRateSchedule> schedules)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        if (schedules.Count == 0)
            throw new ArgumentException("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.", nameof(schedules));
        return (schedules[0] ?? throw new ArgumentNullException(nameof(schedules), "ChainedScheduler got no scheduler at index 0.")).Optimizer;
    }

    /// <inheritdoc />
    public override void Step()
    {
        foreach (var schedule in Parts) schedule.Step();
        LastEpoch++;
        ReadLrs();
    }
}
