using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// Steps several schedules of one optimizer together, in order, so that their chainable forms compose
/// (<c>torch.optim.lr_scheduler.ChainedScheduler</c>): each schedule changes the rate the one before it left.
/// </summary>
/// <remarks>
/// As in torch, construction steps nothing (each schedule already made its initial step when it was built) and the last
/// learning rates are the optimizer's. torch's ChainedScheduler keeps no epoch; <see cref="LastEpoch"/> here counts its
/// steps.
/// </remarks>
public sealed class ChainedScheduler : IStepwiseSchedule
{
    private readonly LearningRateSchedule[] _schedules;
    private readonly double[] _lastLr;

    /// <summary>Chains <paramref name="schedules"/>; the optimizer is the first schedule's unless given.</summary>
    public ChainedScheduler(IReadOnlyList<LearningRateSchedule> schedules, IOptimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        optimizer ??= schedules.Count > 0 ? schedules[0]?.Optimizer : null;
        _schedules = ScheduleList.Check(Name, schedules, optimizer!);
        Optimizer = optimizer!;
        _lastLr = new double[Optimizer.GroupOptions.Count];
        LastLr = Array.AsReadOnly(_lastLr);
        ReadLrs();
    }

    /// <inheritdoc />
    public string Name => "ChainedScheduler";

    /// <summary>The optimizer whose learning rates the schedules set.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>The schedules, in the order they step.</summary>
    public IReadOnlyList<LearningRateSchedule> Schedules => _schedules;

    /// <inheritdoc />
    public IReadOnlyList<double> LastLr { get; }

    /// <inheritdoc />
    public long LastEpoch { get; private set; }

    /// <inheritdoc />
    public void Step()
    {
        foreach (var schedule in _schedules) schedule.Step();
        LastEpoch++;
        ReadLrs();
    }

    private void ReadLrs()
    {
        for (int i = 0; i < _lastLr.Length; i++) _lastLr[i] = Optimizer.GroupOptions[i].Lr;
    }

    /// <inheritdoc />
    public JsonObject SaveState()
    {
        var state = ScheduleStateFormat.Header(Name, _lastLr.Length);
        state["last_epoch"] = LastEpoch;
        state["last_lr"] = ScheduleStateFormat.Numbers(_lastLr);
        state["schedulers"] = ScheduleList.Save(_schedules);
        return state;
    }

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var reader = ScheduleStateFormat.Open(state, Name, _lastLr.Length);
        long lastEpoch = reader.Long("last_epoch");
        if (lastEpoch < 0) throw reader.Invalid("last_epoch", $"is {lastEpoch}; a constructed schedule is at epoch 0 or later");
        double[] lastLr = reader.Doubles("last_lr", _lastLr.Length);
        ScheduleList.Load(_schedules, state["schedulers"], Name);
        LastEpoch = lastEpoch;
        lastLr.CopyTo(_lastLr, 0);
    }
}
