using OptimizerLab.Regression.TorchSharpLoading;
using TorchSharp;
using Xunit.Abstractions;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// PyTorch's Adam, NAdam, RAdam and Adamax update the first moment with <c>exp_avg.lerp_(grad, 1 - beta1)</c>. Our
/// kernels copy libtorch's choice of lerp formula by weight (tests/Properties/Core/LerpBranchTests pins ours); this pins
/// libtorch's: below 0.5 start + w·(end − start), from 0.5 up end − (end − start)·(1 − w).
/// </summary>
/// <remarks>
/// libtorch's vectorized lerp computes either formula as one fused multiply-add where the CPU has FMA (measured here:
/// it does on this machine), while our kernels never fuse, so the two may differ in the last bit of m. Which formula
/// runs is what matters for the branch, so each result is accepted in its fused or unfused rounding, and the values
/// are chosen so that the other formula, in either rounding, misses some of them.
/// </remarks>
public class LerpBranchTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.5f)]
    [InlineData(0.75f)]
    [InlineData(0.1f)]
    [InlineData(0.49999997f)] // the largest float below 0.5
    public void Libtorch_lerp_uses_the_small_weight_formula_only_below_one_half(float weight)
    {
        TorchSharpNative.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var random = new Random(7);
        float[] start = Enumerable.Range(0, 4096).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        float[] end = Enumerable.Range(0, 4096).Select(_ => (float)(random.NextDouble() * 2 - 1) * 1e-3f).ToArray();

        // The weight becomes a TorchSharp Scalar that only a held-off collector keeps alive through the call.
        float[] theirs = NoCollectionDuringTorchCalls.Run(() => torch.tensor(start).lerp(torch.tensor(end), weight).data<float>().ToArray());

        var (small, smallFused) = Formula(start, end, weight, smallWeight: true);
        var (large, largeFused) = Formula(start, end, weight, smallWeight: false);
        var (expected, expectedFused, other, otherFused) = weight < 0.5f ? (small, smallFused, large, largeFused) : (large, largeFused, small, smallFused);
        bool unfusedMatches = theirs.SequenceEqual(expected);
        bool fusedMatches = theirs.SequenceEqual(expectedFused);
        output.WriteLine($"weight {weight}: libtorch matches the {(fusedMatches && unfusedMatches ? "fused and the unfused (they agree here)" : fusedMatches ? "fused" : unfusedMatches ? "unfused" : "neither")} rounding of its formula");

        (unfusedMatches || fusedMatches).Should().BeTrue($"libtorch's lerp with weight {weight} must compute the {(weight < 0.5f ? "small" : "large")}-weight formula");
        Enumerable.Range(0, theirs.Length).Count(i => theirs[i] != other[i] && theirs[i] != otherFused[i])
            .Should().BePositive("the values must tell the two formulas apart, or the test could not fail");
    }

    private static (float[] Unfused, float[] Fused) Formula(float[] start, float[] end, float weight, bool smallWeight)
    {
        var unfused = new float[start.Length];
        var fused = new float[start.Length];
        for (int i = 0; i < start.Length; i++)
        {
            float s = start[i], e = end[i], d = e - s;
            unfused[i] = smallWeight ? s + weight * d : e - d * (1 - weight);
            fused[i] = smallWeight ? MathF.FusedMultiplyAdd(weight, d, s) : MathF.FusedMultiplyAdd(weight - 1, d, e);
        }

        return (unfused, fused);
    }
}
