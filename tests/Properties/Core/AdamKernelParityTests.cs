using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>The Vector256 and Vector512 lanes of the Adam kernel, and its dispatch, give the same bits as its one-lane reference, for every tail length.</summary>
public class AdamKernelParityTests
{
    public static TheoryData<bool, bool, bool, bool> Flags()
    {
        var data = new TheoryData<bool, bool, bool, bool>();
        foreach (bool maximize in new[] { false, true })
        foreach (bool decoupled in new[] { false, true })
        foreach (bool coupled in new[] { false, true })
        foreach (bool amsgrad in new[] { false, true })
        {
            if (decoupled && coupled) continue;
            data.Add(maximize, decoupled, coupled, amsgrad);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Flags))]
    public void Simd_matches_scalar_for_lengths_1_to_300_float(bool maximize, bool decoupled, bool coupled, bool amsgrad) =>
        CheckAllLengths<float>(maximize, decoupled, coupled, amsgrad);

    [Theory]
    [MemberData(nameof(Flags))]
    public void Simd_matches_scalar_for_lengths_1_to_300_double(bool maximize, bool decoupled, bool coupled, bool amsgrad) =>
        CheckAllLengths<double>(maximize, decoupled, coupled, amsgrad);

    [Fact]
    public void Large_lerp_weight_takes_torchs_other_branch_in_both_paths()
    {
        // beta1 = 0.3 gives lerp weight 0.7 >= 0.5, where torch computes g - (g - m)(1 - w).
        var s = Scalars<double>(false, false, false, false) with { Moments = AdamMoments<double>.Of(0.3, 0.999) };
        CompareAtLength(37, s, seed: 5);
    }

    [Fact]
    public void Past_the_step_where_sqrt_bc2_rounds_to_one_the_kernel_keeps_torchs_formula()
    {
        // float32, beta2 = 0.999: sqrt(1 - 0.999^t) is 1f from step ~16 600 on, where the kernel skips the division by it.
        float bc2Sqrt = (float)Math.Sqrt(1 - OptimizerLab.Numerics.DeterministicMath.Pow(0.999, 20_000));
        bc2Sqrt.Should().Be(1f);
        var s = Scalars<float>(false, false, false, false) with { BiasCorrection2Sqrt = bc2Sqrt };
        var random = new Random(3);
        float[] p = Enumerable.Range(0, 100).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] g = Enumerable.Range(0, 100).Select(_ => (float)((random.NextDouble() - 0.5) * 1e-2)).ToArray();
        float[] m = new float[100], v = new float[100];
        float[] expected = new float[100];
        for (int i = 0; i < 100; i++)
        {
            // torch's single-tensor Adam, one operation at a time (lerp weight 0.1 < 0.5: m + w·(g − m)).
            float mi = m[i] + s.Moments.OneMinusBeta1 * (g[i] - m[i]);
            float vi = v[i] * s.Moments.Beta2 + (s.Moments.OneMinusBeta2 * g[i]) * g[i];
            expected[i] = p[i] + (s.NegStepSize * mi) / (MathF.Sqrt(vi) / bc2Sqrt + s.Eps);
        }

        KernelDispatch.RunElementwise(s, p, g, m, v);
        p.Should().Equal(expected);
    }

    private static void CheckAllLengths<T>(bool maximize, bool decoupled, bool coupled, bool amsgrad)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var s = Scalars<T>(maximize, decoupled, coupled, amsgrad);
        for (int length = 1; length <= 300; length++) CompareAtLength(length, s, seed: length);
    }

    private static AdamScalars<T> Scalars<T>(bool maximize, bool decoupled, bool coupled, bool amsgrad)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new()
        {
            Opening = new OpeningScalars<T>(maximize, decoupled, coupled,
                DecayFactor: T.CreateTruncating(1 - 1e-3 * 0.01), WeightDecay: T.CreateTruncating(0.01)),
            Moments = AdamMoments<T>.Of(0.9, 0.999), Amsgrad = amsgrad,
            BiasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(1 - 0.999 * 0.999 * 0.999)), Eps = T.CreateTruncating(1e-8),
            NegStepSize = T.CreateTruncating(-1e-3 / (1 - 0.9 * 0.9 * 0.9)),
        };

    private static void CompareAtLength<T>(int length, AdamScalars<T> s, int seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        T[] Fill(double scale) => Enumerable.Range(0, length).Select(_ => T.CreateTruncating((random.NextDouble() - 0.5) * scale)).ToArray();
        T[] Positive() => Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() * 1e-3)).ToArray();

        var p = Fill(2); var g = Fill(1e-2); var m = Fill(1e-3); var v = Positive(); var vmax = Positive();
        ElementwiseLoop<T, AdamScalars<T>> Loop(T[] p, T[] m, T[] v, T[] vmax) => new(s, p, g, m, v, s.Amsgrad ? vmax : []);
        var (p1, m1, v1, vmax1) = ((T[])p.Clone(), (T[])m.Clone(), (T[])v.Clone(), (T[])vmax.Clone());
        LaneWidths<T, ElementwiseLoop<T, AdamScalars<T>>>.Reference(Loop(p1, m1, v1, vmax1));
        foreach (var (width, run) in LaneWidths<T, ElementwiseLoop<T, AdamScalars<T>>>.Simd)
        {
            var (p2, m2, v2, vmax2) = ((T[])p.Clone(), (T[])m.Clone(), (T[])v.Clone(), (T[])vmax.Clone());
            var work = Loop(p2, m2, v2, vmax2);
            run(ref work);
            p2.Should().Equal(p1, $"{width} param, length {length}");
            m2.Should().Equal(m1, $"{width} exp_avg, length {length}");
            v2.Should().Equal(v1, $"{width} exp_avg_sq, length {length}");
            vmax2.Should().Equal(vmax1, $"{width} max_exp_avg_sq, length {length}");
        }

        p1.Should().NotEqual(p, "the update must change the parameters, or the comparison proves nothing");
    }
}
