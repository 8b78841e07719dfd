using OptimizerLab.TestTable;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// The optimizer configurations compared with TorchSharp: every TorchSharp case of every test-table entry
/// (tests/Table/Entries; an entry states its TorchSharp function, arguments, cases and tolerance). Every TorchSharp
/// argument is passed explicitly: some of its defaults differ from PyTorch's (AdamW weight_decay 0 instead of 0.01,
/// RAdam lr 0.002 instead of 0.001, SGD lr required, RMSProp's class constructor lr 0.001 instead of 0.01).
/// </summary>
public static class OptimizerParityCases
{
    /// <summary>Every case, by name.</summary>
    public static readonly IReadOnlyDictionary<string, ParityCase> All =
        OptimizerTable.All.SelectMany(e => e.TorchSharpParity).Select(ParityCase.From).ToDictionary(c => c.Name);

    /// <summary>The case names, for xunit's MemberData (a name serialises; a delegate does not).</summary>
    public static TheoryData<string> Names => new(All.Keys);
}
