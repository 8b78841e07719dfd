using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Table;

/// <summary>
/// Option pinning: every option case of every table entry, in float32 and float64, against the entry's scalar model of
/// torch's single-tensor algorithm (the cases and the model live in the optimizer's entry file).
/// </summary>
public class OptionPinningTests
{
    public static TheoryData<string, string, string> Rows()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var entry in OptimizerTable.All)
        {
            foreach (string c in entry.PinningCases)
            {
                data.Add(entry.Name, c, "float32");
                data.Add(entry.Name, c, "float64");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_step_is_torchs(string optimizer, string options, string precision) =>
        OptimizerTable.Of(optimizer).Pin(options, precision);

    [Fact]
    public void Every_entry_pins_at_least_one_case() =>
        OptimizerTable.All.Where(e => !e.PinningCases.Any()).Select(e => e.Name).Should().BeEmpty("an entry's model is checked through its pinning cases");
}
