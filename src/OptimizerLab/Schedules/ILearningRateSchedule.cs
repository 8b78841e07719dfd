using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// A learning-rate schedule (torch's <c>torch.optim.lr_scheduler</c>): it changes
/// <see cref="Optimizers.OptimizerOptions.Lr"/> of every parameter group of one optimizer between steps. Its state is in the
/// format of <see cref="ScheduleStateFormat"/>.
/// </summary>
/// <remarks>
/// Like torch's <c>load_state_dict</c>, <see cref="IStateful.LoadState"/> restores the schedule only, not the optimizer's
/// learning rates: restore the optimizer's state too (after constructing the schedule, since construction sets the
/// learning rate for epoch 0).
/// </remarks>
public interface ILearningRateSchedule : IStateful
{
    /// <summary>The learning rate of each group after the last step (torch's <c>get_last_lr()</c>).</summary>
    IReadOnlyList<double> LastLr { get; }

    /// <summary>The index of the last epoch or batch the schedule stepped to (torch's <c>last_epoch</c>).</summary>
    long LastEpoch { get; }
}

/// <summary>A schedule that advances by one epoch or batch per <see cref="Step"/>, with no metric (every schedule but <see cref="ReduceLROnPlateau"/>).</summary>
public interface IStepwiseSchedule : ILearningRateSchedule
{
    /// <summary>Advances one epoch or batch and sets each group's learning rate for it; call it after the optimizer's step, as in torch.</summary>
    void Step();
}
