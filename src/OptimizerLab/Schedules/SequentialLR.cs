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
public sealed class SequentialLR : CompositeSchedule
{
    private int[] _milestones;

    /// <summary>Runs <paramref name="schedules"/> in turn, switching at <paramref name="milestones"/> (one fewer than schedules).</summary>
    public SequentialLR(IOptimizer optimizer, IReadOnlyList<LearningRateSchedule> schedules, IReadOnlyList<int> milestones)
        : base(schedules, optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        Validate(_milestones = milestones.ToArray(), Parts.Length);
        foreach (var options in optimizer.GroupOptions) options.Lr = options.InitialLr!.Value;
        foreach (var schedule in Parts) schedule.UndoInitialStep();
        Parts[0].InitialStep();
        ReadLrs();
    }

    /// <inheritdoc />
    public override string Name => "SequentialLR";

    /// <summary>The epochs at which the next schedule takes over (torch's <c>milestones</c>).</summary>
    public IReadOnlyList<int> Milestones => _milestones;

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
    public override void Step()
    {
        long epoch = LastEpoch + 1;
        int index = UpperBound(_milestones, epoch);
        var schedule = Parts[index];
        if (index > 0 && _milestones[index - 1] == epoch) schedule.JumpTo(0);
        else schedule.Step();
        LastEpoch = epoch;
        ReadLrs();
    }

    /// <summary>Python's <c>bisect_right</c>: how many milestones are at or before <paramref name="epoch"/>.</summary>
    private static int UpperBound(int[] milestones, long epoch)
    {
        int count = 0;
        while (count < milestones.Length && milestones[count] <= epoch) count++;
        return count;
    }

    private protected override void WriteSettings(JsonObject state) =>
        state["milestones"] = new JsonArray(_milestones.Select(m => (JsonNode)m).ToArray());

    private protected override Action ReadSettings(ScheduleStateReader reader)
    {
        int[] milestones = reader.Ints("milestones");
        reader.Validate(() => Validate(milestones, Parts.Length));
        return () => _milestones = milestones;
    }
}
