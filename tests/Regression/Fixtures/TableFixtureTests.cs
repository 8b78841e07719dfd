using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;

namespace OptimizerLab.Regression.Fixtures;

/// <summary>
/// The PyTorch 1.13 fixtures and the test table agree: an entry claims only fixtures that exist and that 1.13 computes
/// as 2.x does, and every optimizer fixture of a catalog optimizer is claimed by its entry (so none lies unused).
/// </summary>
public class TableFixtureTests
{
    [Fact]
    public void Every_fixture_an_entry_claims_exists_and_agrees_with_PyTorch_2()
    {
        var cases = PyTorchFixtures.Cases("optimizers").ToDictionary(c => (string)c["case"]!);
        foreach (var entry in OptimizerTable.All)
        {
            foreach (string fixture in entry.PyTorchFixtures)
            {
                cases.Should().ContainKey(fixture, $"{entry.Name} claims it (tests/Regression/Fixtures/pytorch-1.13/manifest.json)");
                PyTorchFixtures.AgreesWith2x(cases[fixture]).Should().BeTrue($"{fixture}: 1.13 serves for parity only where it agrees with 2.x");
            }
        }
    }

    [Fact]
    public void Every_optimizer_fixture_of_a_catalog_optimizer_is_claimed_by_its_entry()
    {
        // "Rprop.defaults.f64" belongs to the catalog's "rprop".
        var unclaimed = PyTorchFixtures.Cases("optimizers")
            .Select(c => (string)c["case"]!)
            .Select(name => (Name: name, Optimizer: name[..name.IndexOf('.', StringComparison.Ordinal)].ToLowerInvariant()))
            .Where(f => OptimizerCatalog.Contains(f.Optimizer) && !OptimizerTable.Of(f.Optimizer).PyTorchFixtures.Contains(f.Name))
            .Select(f => f.Name);
        unclaimed.Should().BeEmpty("a fixture of a catalog optimizer is listed in its entry's PyTorchFixtures");
    }
}
