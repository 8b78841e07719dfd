using System.Text.Json;
using System.Text.Json.Nodes;

namespace OptimizerLab.State;

/// <summary>
/// The versioned JSON form of a learning-rate schedule's state (torch's scheduler <c>state_dict</c>), version 1:
/// <code>
/// { "format": "OptimizerLab.ScheduleState", "version": 1, "schedule": "StepLR", "groups": 2,
///   "last_epoch": 30, "base_lrs": [0.05, 0.01], "last_lr": [0.005, 0.001], "step_size": 30, "gamma": 0.1 }
/// </code>
/// After the header come the schedule's fields under torch's attribute names. Numbers are written in shortest round-trip
/// form, so every double reads back to the same bits; NaN and infinities are written as "NaN", "Infinity", "-Infinity".
/// </summary>
public static class ScheduleStateFormat
{
    /// <summary>The format's name and the version this code writes and reads.</summary>
    public static JsonFormat Format { get; } = new("OptimizerLab.ScheduleState", 1, "schedule state");

    internal static JsonObject Header(string schedule, int groups)
    {
        var header = Format.Header();
        header["schedule"] = schedule;
        header["groups"] = groups;
        return header;
    }

    internal static JsonNode Number(double value) => JsonSerializer.SerializeToNode(value, OptimizerStateFormat.Json)!;

    internal static JsonArray Numbers(IEnumerable<double> values)
    {
        var array = new JsonArray();
        foreach (double value in values) array.Add(Number(value));
        return array;
    }

    /// <summary>Checks the header and returns a reader of the fields; throws <see cref="InvalidDataException"/> if the state is not this schedule's.</summary>
    internal static ScheduleStateReader Open(JsonNode? root, string schedule, int groups)
    {
        if (root is not JsonObject obj) throw new InvalidDataException("Schedule state must be a JSON object.");
        Format.Check(obj);
        var reader = new ScheduleStateReader(obj, schedule);
        string saved = reader.String("schedule");
        if (saved != schedule)
            throw new InvalidDataException($"Schedule state was saved by {saved} and cannot be loaded into {schedule}.");
        long savedGroups = reader.Long("groups");
        if (savedGroups != groups)
            throw new InvalidDataException($"{schedule} state is for {savedGroups} parameter groups; this optimizer has {groups}.");
        return reader;
    }
}
