using System.Text.Json;

namespace OptimizerLab.Cli.Tests;

/// <summary>The default command run once (the six real runs, ~2 s of CPU) and shared by the tests that read its output.</summary>
public sealed class ReproduceFixture
{
    public ReproduceFixture()
    {
        Folder = CliRunner.TempFolder("reproduce");
        Outcome = CliRunner.Run("--out", Folder);
        Summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "summary.json")));
    }

    public string Folder { get; }

    public CliOutcome Outcome { get; }

    public JsonDocument Summary { get; }

    /// <summary>The summary's run object with this label.</summary>
    public JsonElement Run(string label) =>
        Summary.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("label").GetString() == label);

    public IReadOnlyList<string> Labels =>
        Summary.RootElement.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("label").GetString()!).ToArray();
}
