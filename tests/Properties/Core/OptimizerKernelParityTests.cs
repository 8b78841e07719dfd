using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The Vector256 and Vector512 lanes of every optimizer kernel (besides Adam's, see <see cref="AdamKernelParityTests"/>), and its
/// dispatch, give the same bits as its one-lane reference, for every length 1–300 (every tail length after whole vectors), in
/// float and double, over the option flags.
/// </summary>
public class OptimizerKernelParityTests
{
    /// <summary>What a state buffer holds: signed (momentum, first moments) or non-negative (squares, accumulators, norms).</summary>
    private enum Holds { Signed, NonNegative }

    public static TheoryData<bool, bool, int, bool> SgdFlags()
    {
        var data = new TheoryData<bool, bool, int, bool>();
        foreach (bool maximize in new[] { false, true })
        foreach (bool decay in new[] { false, true })
        foreach (int momentum in new[] { 0, 1, 2 }) // none, the first step (copy), later steps (accumulate)
        foreach (bool nesterov in new[] { false, true })
        {
            if (nesterov && momentum == 0) continue;
            data.Add(maximize, decay, momentum, nesterov);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SgdFlags))]
    public void Sgd(bool maximize, bool decay, int momentum, bool nesterov)
    {
        Run<float>();
        Run<double>();

        void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var s = new SgdScalars<T>
            {
                Opening = OpeningScalars<T>.Coupled(maximize, decay ? 0.01 : 0), Momentum = momentum != 0, FirstMomentumStep = momentum == 1,
                Nesterov = nesterov, MomentumFactor = T.CreateTruncating(0.9),
                OneMinusDampening = T.CreateTruncating(1 - (nesterov ? 0.0 : 0.1)), NegLr = T.CreateTruncating(-1e-3),
            };
            CheckAllLengths<T, ElementwiseLoop<T, SgdScalars<T>>>($"SGD {typeof(T).Name}", [Holds.Signed],
                (p, g, b) => new ElementwiseLoop<T, SgdScalars<T>>(s, p, g, momentum != 0 ? b[0] : []));
        }
    }

    public static TheoryData<bool, bool, bool, bool, double> RmsPropFlags()
    {
        var data = new TheoryData<bool, bool, bool, bool, double>();
        foreach (bool maximize in new[] { false, true })
        foreach (bool decay in new[] { false, true })
        foreach (bool centered in new[] { false, true })
        foreach (bool momentum in new[] { false, true })
            data.Add(maximize, decay, centered, momentum, 0.99);
        // alpha 0.3 and 1.7 give lerp weights 0.7 and -0.7: torch's other lerp branch (|w| >= 0.5).
        data.Add(false, false, true, false, 0.3);
        data.Add(false, false, true, true, 1.7);
        return data;
    }

    [Theory]
    [MemberData(nameof(RmsPropFlags))]
    public void RmsProp(bool maximize, bool decay, bool centered, bool momentum, double alpha)
    {
        Run<float>();
        Run<double>();

        void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var s = new RmsPropScalars<T>
            {
                Opening = OpeningScalars<T>.Coupled(maximize, decay ? 0.01 : 0), Centered = centered, Momentum = momentum,
                Alpha = T.CreateTruncating(alpha), OneMinusAlpha = T.CreateTruncating(1 - alpha),
                Eps = T.CreateTruncating(1e-8), MomentumFactor = T.CreateTruncating(0.9), NegLr = T.CreateTruncating(-1e-2),
            };
            CheckAllLengths<T, ElementwiseLoop<T, RmsPropScalars<T>>>($"RMSprop {typeof(T).Name}", [Holds.NonNegative, Holds.Signed, Holds.Signed],
                (p, g, b) => new ElementwiseLoop<T, RmsPropScalars<T>>(s, p, g, b[0], centered ? b[1] : [], momentum ? b[2] : []));
        }
    }

    public static TheoryData<bool, bool> MaximizeAndDecay() => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(MaximizeAndDecay))]
    public void Adagrad(bool maximize, bool decay)
    {
        Run<float>();
        Run<double>();

        void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var s = new AdagradScalars<T>
            {
                Opening = OpeningScalars<T>.Coupled(maximize, decay ? 0.01 : 0), Eps = T.CreateTruncating(1e-10),
                NegClr = T.CreateTruncating(-1e-2 / (1 + 4 * 0.1)),
            };
            CheckAllLengths<T, ElementwiseLoop<T, AdagradScalars<T>>>($"Adagrad {typeof(T).Name}", [Holds.NonNegative],
                (p, g, b) => new ElementwiseLoop<T, AdagradScalars<T>>(s, p, g, b[0]));
        }
    }

    [Theory]
    [MemberData(nameof(MaximizeAndDecay))]
    public void Adadelta(bool maximize, bool decay)
    {
        Run<float>();
        Run<double>();

        void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var s = new AdadeltaScalars<T>
            {
                Opening = OpeningScalars<T>.Coupled(maximize, decay ? 0.01 : 0), Rho = T.CreateTruncating(0.9),
                OneMinusRho = T.CreateTruncating(1 - 0.9), Eps = T.CreateTruncating(1e-6), NegLr = T.CreateTruncating(-1.0),
            };
            CheckAllLengths<T, ElementwiseLoop<T, AdadeltaScalars<T>>>($"Adadelta {typeof(T).Name}", [Holds.NonNegative, Holds.NonNegative],
                (p, g, b) => new ElementwiseLoop<T, AdadeltaScalars<T>>(s, p, g, b[0], b[1]));
        }
    }

    public static TheoryData<bool, bool, double> AdamaxFlags()
    {
        var data = new TheoryData<bool, bool, double>();
        foreach (bool maximize in new[] { false, true })
        foreach (bool decay in new[] { false, true })
            data.Add(maximize, decay, 0.9);
        data.Add(false, false, 0.3); // lerp weight 0.7: torch's other lerp branch
        return data;
    }

    [Theory]
    [MemberData(nameof(AdamaxFlags))]
    public void Adamax(bool maximize, bool decay, double beta1)
    {
        Run<float>();
        Run<double>();

        void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var s = new AdamaxScalars<T>
            {
                Opening = OpeningScalars<T>.Coupled(maximize, decay ? 0.01 : 0), OneMinusBeta1 = T.CreateTruncating(1 - beta1),
                Beta2 = T.CreateTruncating(0.999), Eps = T.CreateTruncating(1e-3), NegClr = T.CreateTruncating(-2e-3 / (1 - beta1 * beta1)),
            };
            // eps 1e-3 is of the size of |g|, so both arguments of the maximum win in some lanes.
            CheckAllLengths<T, ElementwiseLoop<T, AdamaxScalars<T>>>($"Adamax {typeof(T).Name}", [Holds.Signed, Holds.NonNegative],
                (p, g, b) => new ElementwiseLoop<T, AdamaxScalars<T>>(s, p, g, b[0], b[1]));
        }
    }

    public static TheoryData<bool, int> MaximizeAndDecayKind()
    {
        var data = new TheoryData<bool, int>();
        foreach (bool maximize in new[] { false, true })
        foreach (int decay in new[] { 0, 1, 2 }) // none, coupled (L2), decoupled
            data.Add(maximize, decay);
        return data;
    }

    [Theory]
    [MemberData(nameof(MaximizeAndDecayKind))]
    public void NAdam(bool maximize, int decay)
    {
        Run<float>();
        Run<double>();

        void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var s = new NAdamScalars<T>
            {
                Opening = new OpeningScalars<T>(maximize, DecoupledDecay: decay == 2, CoupledDecay: decay == 1,
                    DecayFactor: T.CreateTruncating(1 - 2e-3 * 0.01), WeightDecay: T.CreateTruncating(0.01)),
                Moments = AdamMoments<T>.Of(0.9, 0.999),
                BiasCorrection2 = T.CreateTruncating(1 - 0.999 * 0.999 * 0.999), Eps = T.CreateTruncating(1e-8),
                GradCoefficient = T.CreateTruncating(-2e-3 * 0.55 / 0.91), ExpAvgCoefficient = T.CreateTruncating(-2e-3 * 0.45 / 0.96),
            };
            CheckAllLengths<T, ElementwiseLoop<T, NAdamScalars<T>>>($"NAdam {typeof(T).Name}", [Holds.Signed, Holds.NonNegative],
                (p, g, b) => new ElementwiseLoop<T, NAdamScalars<T>>(s, p, g, b[0], b[1]));
        }
    }

    public static TheoryData<bool, int, bool> RAdamFlags()
    {
        var data = new TheoryData<bool, int, bool>();
        foreach (bool maximize in new[] { false, true })
        foreach (int decay in new[] { 0, 1, 2 }) // none, coupled (L2), decoupled
        foreach (bool rectified in new[] { false, true })
            data.Add(maximize, decay, rectified);
        return data;
    }

    [Theory]
    [MemberData(nameof(RAdamFlags))]
    public void RAdam(bool maximize, int decay, bool rectified)
    {
        Run<float>();
        Run<double>();

        void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var s = new RAdamScalars<T>
            {
                Opening = new OpeningScalars<T>(maximize, DecoupledDecay: decay == 2, CoupledDecay: decay == 1,
                    DecayFactor: T.CreateTruncating(1 - 1e-3 * 0.01), WeightDecay: T.CreateTruncating(0.01)),
                Moments = AdamMoments<T>.Of(0.9, 0.999), Rectified = rectified,
                BiasCorrection1 = T.CreateTruncating(1 - Math.Pow(0.9, 7)), Lr = T.CreateTruncating(1e-1), Eps = T.CreateTruncating(1e-8),
                BiasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(0.999, 7))), Rectification = T.CreateTruncating(0.0327388),
            };
            CheckAllLengths<T, ElementwiseLoop<T, RAdamScalars<T>>>($"RAdam {typeof(T).Name}", [Holds.Signed, Holds.NonNegative],
                (p, g, b) => new ElementwiseLoop<T, RAdamScalars<T>>(s, p, g, b[0], b[1]));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rprop(bool maximize)
    {
        Run<float>();
        Run<double>();

        void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            // Step sizes lie in (1e-6, 1e-3): the bounds 2e-4 and 6e-4 clamp some from below and some from above.
            var s = new RpropScalars<T>
            {
                Opening = OpeningScalars<T>.NoDecay(maximize), Etaminus = T.CreateTruncating(0.5), Etaplus = T.CreateTruncating(1.2),
                StepSizeMin = T.CreateTruncating(2e-4), StepSizeMax = T.CreateTruncating(6e-4),
            };
            CheckAllLengths<T, ElementwiseLoop<T, RpropScalars<T>>>($"Rprop {typeof(T).Name}", [Holds.Signed, Holds.NonNegative], (p, g, b) =>
            {
                // prev against g by element: every fourth of opposite sign (zeroed, no move), one with prev 0, the rest alike.
                for (int i = 0; i < g.Length; i++) b[0][i] = (i % 4) switch { 0 => -g[i], 1 => T.Zero, _ => g[i] };
                return new ElementwiseLoop<T, RpropScalars<T>>(s, p, g, b[0], b[1]);
            });
        }
    }

    public static TheoryData<bool, bool, bool> AsgdFlags()
    {
        var data = new TheoryData<bool, bool, bool>();
        foreach (bool maximize in new[] { false, true })
        foreach (bool decay in new[] { false, true })
        foreach (bool average in new[] { false, true })
            data.Add(maximize, decay, average);
        return data;
    }

    [Theory]
    [MemberData(nameof(AsgdFlags))]
    public void Asgd(bool maximize, bool decay, bool average)
    {
        Run<float>();
        Run<double>();

        void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var s = new AsgdScalars<T>
            {
                Opening = OpeningScalars<T>.Coupled(maximize, decay ? 0.01 : 0), Average = average,
                DecayFactor = T.CreateTruncating(1 - 1e-4 * 0.01), NegEta = T.CreateTruncating(-0.01), Mu = T.CreateTruncating(average ? 0.25 : 1),
            };
            CheckAllLengths<T, ElementwiseLoop<T, AsgdScalars<T>>>($"ASGD {typeof(T).Name}", [Holds.Signed],
                (p, g, b) => new ElementwiseLoop<T, AsgdScalars<T>>(s, p, g, b[0]));
        }
    }

    private static void CheckAllLengths<T, TLoop>(string kernel, Holds[] buffers, Func<T[], T[], T[][], TLoop> loop)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLoop : ILaneLoop<T>, allows ref struct
    {
        int elements = 0, moved = 0;
        for (int length = 1; length <= 300; length++)
        {
            var random = new Random(length);
            T[] Fill(Holds holds, double scale)
            {
                var values = new T[length];
                for (int i = 0; i < length; i++)
                    values[i] = T.CreateTruncating(holds == Holds.Signed ? (random.NextDouble() - 0.5) * scale : 1e-6 + random.NextDouble() * scale);
                return values;
            }

            var param = Fill(Holds.Signed, 2);
            var grad = Fill(Holds.Signed, 1e-2);
            // Signed buffers stay below 5e-4 and the non-negative ones above 1e-6, so a centered RMSprop's v - g_avg² is
            // usually positive (a negative one gives NaN in both paths, which still has to match).
            var state = buffers.Select(h => Fill(h, 1e-3)).ToArray();

            var (p1, s1) = ((T[])param.Clone(), state.Select(b => (T[])b.Clone()).ToArray());
            LaneWidths<T, TLoop>.Reference(loop(p1, grad, s1));
            foreach (var (width, run) in LaneWidths<T, TLoop>.Simd)
            {
                var (p2, s2) = ((T[])param.Clone(), state.Select(b => (T[])b.Clone()).ToArray());
                var work = loop(p2, grad, s2);
                run(ref work);
                SameBits(p1, p2, $"{kernel} {width}", "param", length);
                for (int b = 0; b < state.Length; b++) SameBits(s1[b], s2[b], $"{kernel} {width}", $"buffer {b}", length);
            }

            elements += length;
            for (int i = 0; i < length; i++) moved += p1[i] == param[i] ? 0 : 1;
        }

        // The test scalars move a typical parameter by 1e-6 or more, well above float's ulp at |θ| ≤ 1 (6e-8); only the rare
        // near-zero gradient leaves one in place. Were the update a no-op, the comparison would prove nothing.
        moved.Should().BeGreaterThan(elements / 2, $"{kernel}: the update must change most parameters");
    }

    private static void SameBits<T>(T[] expected, T[] actual, string kernel, string array, int length) where T : unmanaged
    {
        var a = MemoryMarshal.AsBytes(expected.AsSpan());
        var b = MemoryMarshal.AsBytes(actual.AsSpan());
        if (a.SequenceEqual(b)) return;
        int size = a.Length / expected.Length;
        int first = 0;
        while (a.Slice(first * size, size).SequenceEqual(b.Slice(first * size, size))) first++;
        string what = $"{kernel}: {array}, length {length}";
        actual[first].Should().Be(expected[first], $"{what}: these lanes and the one-lane reference differ first at element {first}");
        Assert.Fail($"{what}: these lanes and the one-lane reference differ in the bits of element {first} ({expected[first]} vs {actual[first]}).");
    }
}
