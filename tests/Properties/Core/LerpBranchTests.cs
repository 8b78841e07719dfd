using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// torch's lerp picks its formula by the weight: start + w·(end − start) when |w| &lt; 0.5, otherwise
/// end − (end − start)·(1 − w). At w = 1 − beta1 = 0.5 exactly the second formula applies, and the two round differently
/// for some values; these tests put such values into every optimizer whose first moment is a lerp.
/// </summary>
public class LerpBranchTests
{
    private const int Length = 300; // several SIMD blocks and a scalar tail

    /// <summary>The test table's entries whose first moment is a lerp.</summary>
    public static TheoryData<string> LerpOptimizers() => new(OptimizerTable.Where(e => e.FirstMomentIsLerp));

    [Theory]
    [MemberData(nameof(LerpOptimizers))]
    public void At_beta1_one_half_the_first_moment_follows_torchs_large_weight_formula(string name)
    {
        var (m1, g2) = ValuesWhereTheFormulasDisagree();
        AssertSecondMoment(name, m1, g2);
        KernelDispatch.WithScalarKernels(() => AssertSecondMoment(name, m1, g2));
    }

    private static void AssertSecondMoment(string name, float[] m1, float[] g2)
    {
        var parameter = new Parameter<float>(new float[Length]);
        var optimizer = Create(name, parameter);
        // Step 1 from m = 0: both formulas give exactly g/2, so m1 = g1/2 holds whichever branch runs.
        for (int i = 0; i < Length; i++) parameter.Grad[i] = 2 * m1[i];
        optimizer.Step();
        ExpAvg(optimizer).Should().Equal(m1);

        g2.CopyTo(parameter.Grad, 0);
        optimizer.Step();
        var expected = new float[Length];
        for (int i = 0; i < Length; i++) expected[i] = g2[i] - (g2[i] - m1[i]) * 0.5f;
        ExpAvg(optimizer).Should().Equal(expected, $"{name} with beta1 = 0.5 uses torch's lerp branch for weight ≥ 0.5");
    }

    /// <summary>Pairs (m, g) for which m + 0.5·(g − m) and g − (g − m)·0.5 round to different floats.</summary>
    private static (float[] M, float[] G) ValuesWhereTheFormulasDisagree()
    {
        var random = new Random(12345);
        var m = new float[Length];
        var g = new float[Length];
        for (int i = 0; i < Length;)
        {
            float a = (float)(random.NextDouble() * 2 - 1);
            float b = (float)(random.NextDouble() * 2 - 1) * 1e-3f;
            if (a + 0.5f * (b - a) == b - (b - a) * 0.5f) continue;
            m[i] = a;
            g[i] = b;
            i++;
        }

        return (m, g);
    }

    private static IOptimizer<float> Create(string name, Parameter<float> parameter) =>
        OptimizerCatalog.Create(name, [parameter], OptimizerCatalog.Options(name, [KeyValuePair.Create("beta1", "0.5")]));

    /// <summary>exp_avg as the saved state holds it (torch's key; the values are the state's own floats, not re-parsed text).</summary>
    private static float[] ExpAvg(IOptimizer<float> optimizer) =>
        optimizer.SaveState()["groups"]![0]!["parameters"]![0]!["state"]!["exp_avg"]!.AsArray().Select(n => n!.GetValue<float>()).ToArray();
}
