using System.Text.Json.Nodes;

namespace OptimizerLab.Schedules;

/// <summary>
/// A learning-rate schedule (torch's <c>torch.optim.lr_scheduler</c>): it changes
/// <see cref="Optimizers.OptimizerOptions.Lr"/> of every parameter group of one optimizer between steps.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>torch's class name: "StepLR", "CosineAnnealingLR", ...</summary>
    string Name { get; }

    /// <summary>The learning rate of each group after the last step (torch's <c>get_last_lr()</c>).</summary>
    IReadOnlyList<double> LastLr { get; }

    /// <summary>The index of the last epoch or batch the schedule stepped to (torch's <c>last_epoch</c>).</summary>
    long LastEpoch { get; }

    /// <summary>The full state (settings and counters) in the versioned JSON format of <see cref="State.ScheduleStateFormat"/>; exact for every double.</summary>
    JsonObject SaveState();

    /// <summary>
    /// Restores state saved by <see cref="SaveState"/>. Throws <see cref="InvalidDataException"/> without changing anything
    /// if it is another schedule's, another version's, or for another number of parameter groups.
    /// </summary>
    /// <remarks>
    /// Like torch's <c>load_state_dict</c> this restores the schedule only, not the optimizer's learning rates: restore the
    /// optimizer's state too (after constructing the schedule, since construction sets the learning rate for epoch 0).
    /// </remarks>
    void LoadState(JsonNode state);
}

/// <summary>A schedule that advances by one epoch or batch per <see cref="Step"/>, with no metric (every schedule but <see cref="ReduceLROnPlateau"/>).</summary>
public interface IStepwiseSchedule : ILearningRateSchedule
{
    /// <summary>Advances one epoch or batch and sets each group's learning rate for it; call it after the optimizer's step, as in torch.</summary>
    void Step();
}
