using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OptimizerLab.State;

/// <summary>
/// The name and version one of the library's JSON documents carries in its first two properties, <c>"format"</c> and
/// <c>"version"</c>. Writers put both first; readers check both before anything else, so that a document of another
/// kind or version is refused with a message saying which.
/// </summary>
public sealed class JsonFormat
{
    internal JsonFormat(string name, int version, string kind) => (Name, Version, Kind) = (name, version, kind);

    /// <summary>The value of <c>"format"</c>.</summary>
    public string Name { get; }

    /// <summary>The value of <c>"version"</c>: the version this build writes and reads.</summary>
    public int Version { get; }

    /// <summary>What such a document holds, for messages: "schedule state".</summary>
    internal string Kind { get; }

    /// <summary>A new document holding the two properties.</summary>
    internal JsonObject Header() => new() { ["format"] = Name, ["version"] = Version };

    /// <summary>Writes the two properties into the object the writer is in.</summary>
    internal void WriteHeader(Utf8JsonWriter writer)
    {
        writer.WriteString("format", Name);
        writer.WriteNumber("version", Version);
    }

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="document"/> is of this format and version.</summary>
    internal void Check(JsonObject document)
    {
        // Compared and shown as JSON text: a value of the wrong type is refused as wrong, not as malformed.
        string format = document["format"]?.ToJsonString() ?? "missing";
        if (format != JsonSerializer.Serialize(Name))
        {
            string article = "aeiou".Contains(Kind[0], StringComparison.Ordinal) ? "an" : "a";
            throw new InvalidDataException($"Not {article} {Kind}: \"format\" is {format}, expected \"{Name}\".");
        }

        string version = document["version"]?.ToJsonString() ?? "missing";
        if (version != Version.ToString(CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{char.ToUpperInvariant(Kind[0])}{Kind[1..]} has format version {version}; this build reads version {Version}.");
    }
}
