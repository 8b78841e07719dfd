using OptimizerLab.Data;

namespace OptimizerLab.Regression.Fixtures;

/// <summary>
/// The PyTorch fixtures are complete and readable by the library's own <see cref="NpyFile"/>: every array the manifest
/// names exists, has the shape its case implies, and the set stays small. (The optimizer fixtures are claimed by their
/// test-table entries, <see cref="TableFixtureTests"/>; <see cref="OptimizerFixtureTests"/> compares each optimizer with its own.)
/// </summary>
public class FixtureManifestTests
{
    [Fact]
    public void The_manifest_names_PyTorch_1_13_and_every_array_it_lists_reads_with_the_expected_rows()
    {
        ((string)PyTorchFixtures.Manifest["torch"]!).Should().StartWith("1.13");
        foreach (var kind in new[] { "optimizers", "averaging" })
        {
            foreach (var fixtureCase in PyTorchFixtures.Cases(kind))
            {
                string name = (string)fixtureCase["case"]!;
                int steps = (int)fixtureCase["steps"]!;
                bool single = (string)fixtureCase["dtype"]! == "float32";
                foreach (var (key, file) in fixtureCase["arrays"]!.AsObject())
                {
                    string path = Path.Combine(PyTorchFixtures.Folder, name, (string)file!);
                    var array = NpyFile.Read<double>(path);
                    int expectedRows = key switch
                    {
                        "params" when kind == "optimizers" => steps + 1,
                        "losses" or "grads" or "evaluations" or "state" or "touched_rows" or "params" or "averages" => steps,
                        _ => array.Rows,
                    };
                    array.Rows.Should().Be(expectedRows, $"{name}/{file} holds one row per step");
                    if (key is not ("evaluations" or "touched_rows"))
                        NpyHeaderIsSingle(path).Should().Be(single, $"{name}/{file} is stored in the case's dtype");
                }
            }
        }
    }

    [Fact]
    public void The_fixtures_stay_under_a_megabyte()
    {
        long bytes = Directory.EnumerateFiles(PyTorchFixtures.Folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        bytes.Should().BeLessThan(1 << 20);
    }

    private static bool NpyHeaderIsSingle(string path)
    {
        Span<byte> head = stackalloc byte[128];
        using var stream = File.OpenRead(path);
        int read = stream.Read(head);
        return System.Text.Encoding.ASCII.GetString(head[..read]).Contains("'<f4'", StringComparison.Ordinal);
    }
}
