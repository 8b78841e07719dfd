using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OptimizerLab.State;
using static OptimizerLab.State.OptimizerStateFormat;

namespace OptimizerLab.Optimizers;

/// <summary>Writes and reads an optimizer's state in the format <see cref="OptimizerStateFormat"/> describes.</summary>
internal static class OptimizerStateJson
{
    internal static JsonObject Save<T, TOptions, TState>(string optimizer, TOptions[] options,
        IReadOnlyList<Parameter<T>>[] parameters, TState?[][] states, long stepsTaken)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
        where TState : ParamState<T>
    {
        var groups = new JsonArray();
        for (int g = 0; g < options.Length; g++)
        {
            var parameterNodes = new JsonArray();
            for (int p = 0; p < parameters[g].Count; p++)
            {
                var state = states[g][p];
                JsonObject? stateNode = null;
                if (state is not null)
                {
                    stateNode = new JsonObject { ["step"] = state.Step };
                    foreach (var (name, values) in state.Buffers)
                        stateNode[name] = JsonSerializer.SerializeToNode(values, Json);
                }

                parameterNodes.Add(new JsonObject
                {
                    ["name"] = parameters[g][p].Name,
                    ["length"] = parameters[g][p].Length,
                    ["state"] = stateNode,
                });
            }

            groups.Add(new JsonObject
            {
                ["options"] = JsonSerializer.SerializeToNode(options[g], typeof(TOptions), Json),
                ["parameters"] = parameterNodes,
            });
        }

        var document = OptimizerStateFormat.Format.Header();
        document["optimizer"] = optimizer;
        document["precision"] = PrecisionName<T>();
        document["stepsTaken"] = stepsTaken;
        document["groups"] = groups;
        return document;
    }

    internal sealed record Loaded<TOptions, TState>(TOptions[] Options, TState?[][] States, long StepsTaken);

    internal static Loaded<TOptions, TState> Load<T, TOptions, TState>(JsonNode? root, string optimizer,
        IReadOnlyList<Parameter<T>>[] parameters, Func<int, int, TState> createState)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
        where TState : ParamState<T>
    {
        try
        {
            return LoadChecked<T, TOptions, TState>(root, optimizer, parameters, createState);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            if (e is ArgumentOutOfRangeException range)
                throw new InvalidDataException($"Optimizer state holds invalid options: {range.Message.Split(Environment.NewLine)[0]}", e);
            throw new InvalidDataException($"Optimizer state is malformed: {e.Message}", e);
        }
    }

    private static Loaded<TOptions, TState> LoadChecked<T, TOptions, TState>(JsonNode? root, string optimizer,
        IReadOnlyList<Parameter<T>>[] parameters, Func<int, int, TState> createState)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
        where TState : ParamState<T>
    {
        if (root is not JsonObject obj) throw new InvalidDataException("Optimizer state must be a JSON object.");
        OptimizerStateFormat.Format.Check(obj);
        string? savedOptimizer = obj["optimizer"]?.GetValue<string>();
        if (savedOptimizer != optimizer)
            throw new InvalidDataException($"Optimizer state was saved by {Show(savedOptimizer)} and cannot be loaded into {optimizer}.");
        string? precision = obj["precision"]?.GetValue<string>();
        if (precision != PrecisionName<T>())
            throw new InvalidDataException($"Optimizer state is {Show(precision)} but this optimizer is {PrecisionName<T>()}.");
        long stepsTaken = obj["stepsTaken"]?.GetValue<long>() ?? throw new InvalidDataException("Optimizer state lacks \"stepsTaken\".");
        if (stepsTaken < 0) throw new InvalidDataException($"Optimizer state has a negative \"stepsTaken\": {stepsTaken}.");

        var groups = obj["groups"] as JsonArray ?? throw new InvalidDataException("Optimizer state lacks the \"groups\" array.");
        if (groups.Count != parameters.Length)
            throw new InvalidDataException($"Optimizer state has {groups.Count} parameter groups; this optimizer has {parameters.Length}.");

        var options = new TOptions[groups.Count];
        var states = new TState?[groups.Count][];
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g] as JsonObject ?? throw new InvalidDataException($"groups[{g}] is not an object.");
            var optionsNode = group["options"] as JsonObject ?? throw new InvalidDataException($"groups[{g}] lacks \"options\".");
            // A missing option would silently take the record's default (a saved AdamW without DecoupledWeightDecay
            // would run as Adam); a state from before an option existed must be upgraded explicitly instead.
            foreach (var field in OptionField.Of(typeof(TOptions)))
            {
                if (!optionsNode.ContainsKey(field.Property.Name))
                    throw new InvalidDataException($"groups[{g}].options lacks \"{field.Property.Name}\" ({optimizer}'s {field.Name}); add it to the state to load it.");
            }

            options[g] = optionsNode.Deserialize<TOptions>(Json) ?? throw new InvalidDataException($"groups[{g}] lacks \"options\".");
            options[g].Validate();

            var parameterNodes = group["parameters"] as JsonArray ?? throw new InvalidDataException($"groups[{g}] lacks the \"parameters\" array.");
            if (parameterNodes.Count != parameters[g].Count)
                throw new InvalidDataException($"groups[{g}] has {parameterNodes.Count} parameters in the state; this optimizer has {parameters[g].Count}.");
            states[g] = new TState?[parameterNodes.Count];
            for (int p = 0; p < parameterNodes.Count; p++)
            {
                string where = $"groups[{g}].parameters[{p}]";
                var node = parameterNodes[p] as JsonObject ?? throw new InvalidDataException($"{where} is not an object.");
                var parameter = parameters[g][p];
                string? name = node["name"]?.GetValue<string>();
                int length = node["length"]?.GetValue<int>() ?? -1;
                if (name != parameter.Name || length != parameter.Length)
                    throw new InvalidDataException(
                        $"{where} is {Show(name)} of length {length} in the state, but '{parameter.Name}' of length {parameter.Length} here: another parameter layout.");
                if (node["state"] is not JsonObject stateNode) continue;

                var state = createState(g, p);
                state.Step = stateNode["step"]?.GetValue<long>() ?? throw new InvalidDataException($"{where}.state lacks \"step\".");
                if (state.Step < 0) throw new InvalidDataException($"{where}.state has a negative step {state.Step}.");
                foreach (var (bufferName, values) in state.Buffers)
                {
                    var saved = stateNode[bufferName].Deserialize<T[]>(Json)
                        ?? throw new InvalidDataException($"{where}.state lacks the buffer \"{bufferName}\".");
                    if (saved.Length != values.Length)
                        throw new InvalidDataException($"{where}.state.{bufferName} has {saved.Length} values; the parameter has {values.Length}.");
                    saved.CopyTo(values, 0);
                }

                states[g][p] = state;
            }
        }

        return new Loaded<TOptions, TState>(options, states, stepsTaken);
    }

    private static string Show(string? value) => value is null ? "missing" : $"\"{value}\"";
}
