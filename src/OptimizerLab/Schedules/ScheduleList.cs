using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>The schedules a <see cref="SequentialLR"/> or <see cref="ChainedScheduler"/> drives: checks, and their states as one.</summary>
internal static class ScheduleList
{
    /// <summary>torch's checks: at least one schedule, all on <paramref name="optimizer"/>.</summary>
    public static LearningRateSchedule[] Check(string owner, IReadOnlyList<LearningRateSchedule> schedules, IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (schedules.Count < 1)
        {
            string what = owner == "ChainedScheduler" ? "at least one scheduler to be chained" : "at least one scheduler";
            throw new ArgumentException($"{owner} expects {what}, but got no scheduler.", "schedulers");
        }

        for (int i = 0; i < schedules.Count; i++)
        {
            var schedule = schedules[i] ?? throw new ArgumentNullException("schedulers", $"{owner} got no scheduler at index {i}.");
            if (!ReferenceEquals(schedule.Optimizer, optimizer))
            {
                throw new ArgumentException(
                    $"{owner} expects all schedulers to belong to the same optimizer, but got scheduler {schedule.Name} at index {i} " +
                    $"has another {schedule.Optimizer.Name}, which is different from {optimizer.Name}.", "schedulers");
            }
        }

        return schedules.ToArray();
    }

    /// <summary>Loads every schedule's state, or none: if one is refused, those already loaded get their old state back.</summary>
    public static void Load(LearningRateSchedule[] schedules, JsonNode? states, string owner)
    {
        if (states is null) throw new InvalidDataException($"{owner} state field \"schedulers\" is missing.");
        if (states is not JsonArray array) throw new InvalidDataException($"{owner} state field \"schedulers\" is not a list.");
        if (array.Count != schedules.Length)
            throw new InvalidDataException($"{owner} state holds {array.Count} schedulers; this {owner} has {schedules.Length}.");
        var before = schedules.Select(s => s.SaveState()).ToArray();
        int loaded = 0;
        try
        {
            for (; loaded < schedules.Length; loaded++) schedules[loaded].LoadAsPart(array[loaded]!);
        }
        catch (InvalidDataException)
        {
            for (int i = 0; i < loaded; i++) schedules[i].LoadAsPart(before[i]);
            throw;
        }
    }
}
