namespace OptimizerLab.Properties.Core.OptionPinning;

/// <summary>
/// The option-pinning table: every option case of every optimizer, in float32 and float64, against the optimizer's scalar
/// model of torch's single-tensor algorithm (one file per optimizer; a new optimizer adds its row here).
/// </summary>
public class OptionPinningTests
{
    private static readonly IPinnedOptimizer[] Table =
    [
        new SgdPinning(), new AdamPinning(), new AdamaxPinning(), new NAdamPinning(), new RAdamPinning(), new LionPinning(),
        new RmsPropPinning(), new AdagradPinning(), new AdadeltaPinning(), new RpropPinning(), new AsgdPinning(),
    ];

    public static TheoryData<string, string, string> Rows()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var optimizer in Table)
        {
            foreach (string c in optimizer.CaseNames)
            {
                data.Add(optimizer.Name, c, "float32");
                data.Add(optimizer.Name, c, "float64");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_step_is_torchs(string optimizer, string options, string precision) =>
        Table.Single(o => o.Name == optimizer).Pin(options, precision);

    [Fact]
    public void Every_catalog_optimizer_has_a_row() =>
        Table.Select(o => o.Name).Should().BeEquivalentTo(OptimizerLab.Optimizers.OptimizerCatalog.Names.Except(["amsgrad", "adamw"]),
            "amsgrad and adamw are Adam's cases 'amsgrad' and 'AdamW defaults'");
}
