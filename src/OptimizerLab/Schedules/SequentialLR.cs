using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// Runs schedules one after another, switching at the milestones (<c>torch.optim.lr_scheduler.SequentialLR</c>): schedule
/// k drives epochs [milestone k-1, milestone k).
/// </summary>
/// <remarks>
/// As in torch: construction puts every group back to its <c>initial_lr</c>, takes back the initial step each schedule
/// made when it was built, and makes the first schedule's initial step again. At a milestone the next schedule restarts
/// at epoch 0 through its closed form (torch's <c>_update_lr(0)</c>; 1.13's <c>step(0)</c>), from the rate the previous
/// schedule left; every other epoch steps the current schedule. Milestones must not decrease (torch's bisection assumes it).
/// </remarks>
public sealed class SequentialLR : IStepwiseSchedule
{
    private readonly LearningRateSchedule[] _schedules;
    private readonly double[] _lastLr;
    private int[] _milestones;

    /// <summary>Runs <paramref name="schedules"/> in turn, switching at <paramref name="milestones"/> (one fewer than schedules).</summary>
    public SequentialLR(IOptimizer optimizer, IReadOnlyList<LearningRateSchedule> schedules, IReadOnlyList<int> milestones)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(milestones);
        _schedules = ScheduleList.Check(Name, schedules, optimizer);
        Validate(_milestones = milestones.ToArray(), _schedules.Length);
        Optimizer = optimizer;
        _lastLr = new double[optimizer.GroupOptions.Count];
        LastLr = Array.AsReadOnly(_lastLr);

        foreach (var options in optimizer.GroupOptions) options.Lr = options.InitialLr!.Value;
        foreach (var schedule in _schedules) schedule.UndoInitialStep();
        _schedules[0].InitialStep();
        LastEpoch = 0;
        _schedules[0].LastLrValues.CopyTo(_lastLr, 0);
    }

    /// <inheritdoc />
    public string Name => "SequentialLR";

    /// <summary>The optimizer whose learning rates the schedules set.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>The schedules, in the order they run.</summary>
    public IReadOnlyList<LearningRateSchedule> Schedules => _schedules;

    /// <summary>The epochs at which the next schedule takes over (torch's <c>milestones</c>).</summary>
    public IReadOnlyList<int> Milestones => _milestones;

    /// <inheritdoc />
    public IReadOnlyList<double> LastLr { get; }

    /// <inheritdoc />
    public long LastEpoch { get; private set; }

    private static void Validate(int[] milestones, int scheduleCount)
    {
        if (milestones.Length != scheduleCount - 1)
        {
            throw new ArgumentException(
                "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, " +
                $"but got number of schedulers {scheduleCount} and the number of milestones to be equal to {milestones.Length}", "milestones");
        }

        for (int i = 1; i < milestones.Length; i++)
        {
            if (milestones[i] < milestones[i - 1])
                throw new ArgumentException($"Expected non-decreasing milestones, but got [{string.Join(", ", milestones)}]", "milestones");
        }
    }

    /// <inheritdoc />
    public void Step()
    {
        long epoch = LastEpoch + 1;
        int index = UpperBound(_milestones, epoch);
        var schedule = _schedules[index];
        if (index > 0 && _milestones[index - 1] == epoch) schedule.JumpTo(0);
        else schedule.Step();
        LastEpoch = epoch;
        schedule.LastLrValues.CopyTo(_lastLr, 0);
    }

    /// <summary>Python's <c>bisect_right</c>: how many milestones are at or before <paramref name="epoch"/>.</summary>
    private static int UpperBound(int[] milestones, long epoch)
    {
        int count = 0;
        while (count < milestones.Length && milestones[count] <= epoch) count++;
        return count;
    }

    /// <inheritdoc />
    public JsonObject SaveState()
    {
        var state = ScheduleStateFormat.Header(Name, _lastLr.Length);
        state["last_epoch"] = LastEpoch;
        state["last_lr"] = ScheduleStateFormat.Numbers(_lastLr);
        state["milestones"] = new JsonArray(_milestones.Select(m => (JsonNode)m).ToArray());
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
        int[] milestones = reader.Ints("milestones");
        reader.Validate(() => Validate(milestones, _schedules.Length));
        ScheduleList.Load(_schedules, state["schedulers"], Name);
        (LastEpoch, _milestones) = (lastEpoch, milestones);
        lastLr.CopyTo(_lastLr, 0);
    }
}
