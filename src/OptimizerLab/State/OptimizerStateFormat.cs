using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OptimizerLab.State;

/// <summary>
/// The versioned JSON form of an optimizer's state (torch's <c>state_dict</c>), version 1:
/// <code>
/// { "format": "OptimizerLab.OptimizerState", "version": 1, "optimizer": "Adam", "precision": "float32", "stepsTaken": 300,
///   "groups": [ { "options": { "Lr": 0.001, ... },
///                 "parameters": [ { "name": "weight", "length": 1000,
///                                   "state": { "step": 300, "exp_avg": [ ... ], "exp_avg_sq": [ ... ] } } ] } ] }
/// </code>
/// "state" is null for a parameter that has not been updated yet. Numbers are written in shortest round-trip form, so
/// every float and double reads back to the same bits; NaN and infinities are written as the strings "NaN", "Infinity", "-Infinity".
/// Optimizers write and read it (<c>Optimizers.OptimizerStateJson</c>); this class names the format and its settings
/// only, so the state layer does not depend on the optimizers.
/// </summary>
public static class OptimizerStateFormat
{
    /// <summary>The format's name and the version this code writes and reads.</summary>
    public static JsonFormat Format { get; } = new("OptimizerLab.OptimizerState", 1, "optimizer state");

    /// <summary>Serializer settings for options and buffers: exact numbers, named non-finite values.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    /// <summary>"float32" or "float64", as numpy and torch name them.</summary>
    public static string PrecisionName<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? "float32" : typeof(T) == typeof(double) ? "float64" : typeof(T).Name;
}
