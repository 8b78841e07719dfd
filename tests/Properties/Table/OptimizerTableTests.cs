using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Table;

/// <summary>The test table and the catalog list the same optimizers, so a new optimizer cannot go untested.</summary>
public class OptimizerTableTests
{
    [Fact]
    public void Every_catalog_optimizer_has_exactly_one_entry_and_every_entry_is_in_the_catalog()
    {
        OptimizerTable.All.Select(e => e.Name).Should().BeEquivalentTo(OptimizerCatalog.Names, "a new optimizer adds tests/Table/Entries/<Name>Entry.cs");
        OptimizerTable.All.Select(e => e.Name).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_setting_an_entry_draws_is_an_option_of_its_optimizer_and_valid(string name)
    {
        // Each alternative's first values together and its last values together: every key and value is drawn at least once.
        foreach (var alternative in OptimizerTable.Of(name).Settings)
        {
            foreach (var pick in new Func<string[], string>[] { values => values[0], values => values[^1] })
            {
                var settings = alternative.Select(s => KeyValuePair.Create(s.Key, pick(s.Values))).Where(kv => kv.Value != "").ToArray();
                var parse = () => OptimizerCatalog.Options(name, settings);
                parse.Should().NotThrow($"{name}: {string.Join(" ", settings.Select(kv => $"{kv.Key}={kv.Value}"))}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void An_entrys_weight_decay_kind_matches_its_defaults(string name)
    {
        var entry = OptimizerTable.Of(name);
        var options = OptimizerCatalog.Describe(OptimizerCatalog.DefaultOptions(name)).ToDictionary();
        options.ContainsKey("weight_decay").Should().Be(entry.WeightDecay != WeightDecayKind.None);
        if (entry.DecoupledBy is string flag) options[flag].Should().Be("false", "a coupled default is switched by its flag");
    }

    [Fact]
    public void Every_hand_computed_step_is_taken_exactly()
    {
        // One fact over every entry's steps (an xunit theory fails outright when no entry has one).
        foreach (var entry in OptimizerTable.All)
        {
            foreach (var step in entry.HandSteps)
            {
                var settings = step.Settings.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('=')).Select(kv => KeyValuePair.Create(kv[0], kv[1]));
                var p = new Parameter<double>(step.Before, "p");
                step.Gradient.CopyTo(p.Grad, 0);
                OptimizerCatalog.Create(entry.Name, [p], OptimizerCatalog.Options(entry.Name, settings)).Step();
                p.Value.Should().Equal(step.After, $"{entry.Name} {step.Settings}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void An_entry_states_where_its_numbers_are_checked(string name)
    {
        var entry = OptimizerTable.Of(name);
        entry.Parity.Should().NotBeNullOrWhiteSpace();
        (entry.TorchSharpParity.Any() || entry.PyTorchFixtures.Length > 0 || entry.HandSteps.Length > 0).Should().BeTrue(
            $"{name} needs TorchSharp cases, PyTorch 1.13 fixtures or hand-computed steps: its pinning model alone is our reading of the algorithm");
    }

    public static TheoryData<string> Names() => [.. OptimizerTable.All.Select(e => e.Name)];
}
