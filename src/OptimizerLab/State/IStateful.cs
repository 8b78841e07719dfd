using System.Text.Json.Nodes;

namespace OptimizerLab.State;

/// <summary>
/// What saves its whole state as versioned JSON and restores it, as torch's <c>state_dict</c> and <c>load_state_dict</c>:
/// an optimizer or a learning-rate schedule.
/// </summary>
public interface IStateful
{
    /// <summary>torch's class name: "Adam", "SGD", "StepLR", ...; a state saved by one class does not load into another.</summary>
    string Name { get; }

    /// <summary>The full state (settings, counters and buffers) in the class's versioned JSON format; exact for every number.</summary>
    JsonObject SaveState();

    /// <summary>
    /// Restores state saved by <see cref="SaveState"/>. Throws <see cref="InvalidDataException"/> without changing anything
    /// if it does not fit: another class's, another version's, or for other parameter groups or parameters.
    /// </summary>
    void LoadState(JsonNode state);
}
