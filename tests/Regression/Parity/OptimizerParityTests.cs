using OptimizerLab.Regression.TorchSharpLoading;
using OptimizerLab.TestTable;
using Xunit.Abstractions;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// OptimizerLab's optimizers against TorchSharp's, step by step on shared gradients (see <see cref="ParityRun"/>),
/// within <see cref="ParityTolerance"/>: at every one of the first 50 steps and up to step 1000.
/// </summary>
public class OptimizerParityTests(ITestOutputHelper output)
{
    private const int Steps = 1000;
    private static readonly Lazy<LeastSquaresProblem> Problem = new(() => LeastSquaresProblem.Seeded(0));

    [Theory]
    [MemberData(nameof(OptimizerParityCases.Names), MemberType = typeof(OptimizerParityCases))]
    public void Float64_matches_TorchSharp_at_every_step(string name) => Check<double>(name);

    [Theory]
    [MemberData(nameof(OptimizerParityCases.Names), MemberType = typeof(OptimizerParityCases))]
    public void Float32_matches_TorchSharp_at_every_step(string name) => Check<float>(name);

    [Fact]
    public void No_case_uses_an_option_TorchSharp_lacks_or_computes_differently()
    {
        var refused = OptimizerTable.All.SelectMany(e => e.TorchSharpParity).Where(c => c.Refused is not null).Select(c => $"{c.Name}: {c.Refused}");
        refused.Should().BeEmpty("a refused case would compare our optimizer with something that is not PyTorch's");
    }

    private void Check<T>(string name) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        output.WriteLine(TorchSharpNative.EnsureLoaded().ToString());
        var result = ParityRun.Compare<T>(OptimizerParityCases.All[name], Problem.Value, Steps);
        output.WriteLine($"{name} {typeof(T).Name}: worst |difference|/tolerance {result.WorstRatioFirst50:E3} over steps 1-50, "
            + $"{result.WorstRatio:E3} over 1-{result.Steps}; max |difference| after step {result.Steps}: {result.FinalDifference:E3}");
        if (result.Violation is { } violation) Assert.Fail($"{name} in {typeof(T).Name}: {violation}");
        result.Steps.Should().Be(Steps);
    }
}
