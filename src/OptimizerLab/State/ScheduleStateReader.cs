using System.Text.Json;
using System.Text.Json.Nodes;

namespace OptimizerLab.State;

/// <summary>
/// Reads the fields of a schedule's state; every missing or mistyped field becomes an <see cref="InvalidDataException"/>
/// naming the field, so a schedule's <c>LoadState</c> can read everything before it changes anything.
/// </summary>
internal sealed class ScheduleStateReader
{
    private readonly JsonObject _state;
    private readonly string _schedule;

    public ScheduleStateReader(JsonObject state, string schedule)
    {
        _state = state;
        _schedule = schedule;
    }

    public string String(string field) => Read(field, node => node.GetValue<string>());

    // Deserialize rather than GetValue: a node built from an int in memory does not convert to long with GetValue.
    public long Long(string field) => Read(field, node => node.Deserialize<long>(OptimizerStateFormat.Json));

    public int Int(string field) => Read(field, node => node.Deserialize<int>(OptimizerStateFormat.Json));

    public bool Bool(string field) => Read(field, node => node.GetValue<bool>());

    public double Double(string field) => Read(field, node => node.Deserialize<double>(OptimizerStateFormat.Json));

    public double[] Doubles(string field) =>
        Read(field, node => node.Deserialize<double[]>(OptimizerStateFormat.Json) ?? throw new InvalidDataException("null"));

    public double[] Doubles(string field, int length)
    {
        double[] values = Doubles(field);
        if (values.Length != length) throw Invalid(field, $"has {values.Length} values, expected {length}");
        return values;
    }

    public int[] Ints(string field) =>
        Read(field, node => node.Deserialize<int[]>(OptimizerStateFormat.Json) ?? throw new InvalidDataException("null"));

    /// <summary>A field holding one of a few names (torch's mode strings).</summary>
    public TEnum Name<TEnum>(string field, IReadOnlyDictionary<string, TEnum> names)
    {
        string name = String(field);
        return names.TryGetValue(name, out var value)
            ? value
            : throw Invalid(field, $"is \"{name}\", expected one of {string.Join(", ", names.Keys.Select(k => $"\"{k}\""))}");
    }

    /// <summary>Runs the schedule's own argument checks on loaded values; their torch message becomes an <see cref="InvalidDataException"/>.</summary>
    public void Validate(Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            // Only torch's text: the first line, without .NET's " (Parameter 'x')" suffix.
            string message = e.Message.Split(Environment.NewLine)[0];
            string suffix = $" (Parameter '{e.ParamName}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
            throw new InvalidDataException($"{_schedule} state holds invalid settings: {message}", e);
        }
    }

    public InvalidDataException Invalid(string field, string problem) =>
        new($"{_schedule} state field \"{field}\" {problem}.");

    private TValue Read<TValue>(string field, Func<JsonNode, TValue> read)
    {
        var node = _state[field] ?? throw Invalid(field, "is missing");
        try
        {
            return read(node);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{_schedule} state field \"{field}\" is malformed: {e.Message}", e);
        }
    }
}
