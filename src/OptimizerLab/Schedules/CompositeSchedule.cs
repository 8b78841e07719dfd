using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// What <see cref="SequentialLR"/> and <see cref="ChainedScheduler"/> share: their parts, the last rates, and a state
/// that holds the parts' states (torch's <c>_schedulers</c>), loaded all or nothing.
/// </summary>
public abstract class CompositeSchedule : IStepwiseSchedule
{
    private readonly LearningRateSchedule[] _schedules;
    private readonly double[] _lastLr;

    private protected CompositeSchedule(IReadOnlyList<LearningRateSchedule> schedules, IOptimizer optimizer)
    {
        _schedules = ScheduleList.Check(Name, schedules, optimizer);
        Optimizer = optimizer;
        _lastLr = new double[optimizer.GroupOptions.Count];
        LastLr = Array.AsReadOnly(_lastLr);
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The optimizer whose learning rates the schedules set.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<LearningRateSchedule> Schedules => _schedules;

    /// <inheritdoc />
    public IReadOnlyList<double> LastLr { get; }

    /// <inheritdoc />
    public long LastEpoch { get; private protected set; }

    private protected LearningRateSchedule[] Parts => _schedules;

    /// <inheritdoc />
    public abstract void Step();

    /// <summary>Records the rates the optimizer now holds as the last ones.</summary>
    private protected void ReadLrs()
    {
        for (int i = 0; i < _lastLr.Length; i++) _lastLr[i] = Optimizer.GroupOptions[i].Lr;
    }

    private protected virtual void WriteSettings(JsonObject state)
    {
    }

    /// <summary>Reads and checks the composite's own fields; returns the action that stores them.</summary>
    private protected virtual Action ReadSettings(ScheduleStateReader reader) => () => { };

    /// <inheritdoc />
    public JsonObject SaveState()
    {
        var state = ScheduleStateFormat.Header(Name, _lastLr.Length);
        state["last_epoch"] = LastEpoch;
        state["last_lr"] = ScheduleStateFormat.Numbers(_lastLr);
        WriteSettings(state);
        state["schedulers"] = new JsonArray(_schedules.Select(s => (JsonNode)s.SaveState()).ToArray());
        return state;
    }

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var reader = ScheduleStateFormat.Open(state, Name, _lastLr.Length);
        long lastEpoch = reader.Long("last_epoch");
        if (lastEpoch < 0) throw reader.Invalid("last_epoch", $"is {lastEpoch}; a constructed schedule is at epoch 0 or later");
        double[] lastLr = reader.Doubles("last_lr", _lastLr.Length);
        var storeSettings = ReadSettings(reader);
        ScheduleList.Load(_schedules, state["schedulers"], Name);
        storeSettings();
        LastEpoch = lastEpoch;
        lastLr.CopyTo(_lastLr, 0);
    }
}
