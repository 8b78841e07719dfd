using System.Numerics;
using System.Text.Json.Nodes;
using OptimizerLab.Data;

namespace OptimizerLab.Regression.Fixtures;

/// <summary>
/// The PyTorch 1.13 fixtures (<c>tests/Regression/Fixtures/pytorch-1.13</c>, written by
/// <c>tools/pytorch-fixtures/generate.py</c>): the manifest and the arrays it names, read with the library's own
/// <see cref="NpyFile"/>.
/// </summary>
public static class PyTorchFixtures
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch-1.13");

    public static JsonObject Manifest { get; } = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!;

    /// <summary>The manifest's cases of one kind ("schedules", "optimizers", "averaging").</summary>
    public static IEnumerable<JsonObject> Cases(string kind) => Manifest[kind]!.AsArray().Select(c => (JsonObject)c!);

    public static JsonObject Case(string kind, string name) =>
        Cases(kind).SingleOrDefault(c => (string?)c["case"] == name) ?? throw new InvalidDataException($"manifest has no {kind} case '{name}'");

    /// <summary>An array by its path relative to the fixture folder ("ConstantLR/lr.npy").</summary>
    public static Array2D<T> Read<T>(string relativePath) where T : unmanaged, IFloatingPointIeee754<T> =>
        NpyFile.Read<T>(Path.Combine(Folder, relativePath));

    /// <summary>Whether the manifest says PyTorch 2.x computes the same as 1.13 for this case: only those serve for parity.</summary>
    public static bool AgreesWith2x(JsonObject fixtureCase) => (bool)fixtureCase["agrees_with_2x"]!;
}
