using OptimizerLab.Data;
using OptimizerLab.Numerics;

namespace OptimizerLab.Properties.Core;

/// <summary>The vectorised denominators and step sizes against the scalar expression, bit for bit, over lengths 0–40.</summary>
public class AdaptiveStepSizesTests
{
    [Fact]
    public void Every_lane_gives_the_scalar_expressions_bits_for_float_and_double_moments_and_for_no_state()
    {
        var rng = new SeededRandom(17);
        for (int n = 0; n <= 40; n++)
        {
            var v = new double[n];
            rng.FillUniform<double>(v, 0, 1e-3);
            if (n > 3) v[3] = 0; // a coordinate that never saw a gradient: the step is lr/(bc1·eps)
            float[] single = Array.ConvertAll(v, x => (float)x);
            const double bc1 = 0.271, bc2 = 0.0199, eps = 1e-8, lr = 1e-3;
            Check(n, v, (i, d) => d[i] = v[i], "double");
            Check(n, single, (i, d) => d[i] = single[i], "float");
            Check(n, Array.Empty<float>(), (i, d) => d[i] = 0, "no state");

            void Check<T>(int length, T[] moments, Action<int, double[]> widen, string what) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
            {
                var denominators = new double[length];
                var steps = new double[length];
                AdaptiveStepSizes.Fill<T>(moments, bc1, bc2, eps, lr, denominators, steps);
                var widened = new double[length];
                for (int i = 0; i < length; i++)
                {
                    widen(i, widened);
                    double denominator = Math.Sqrt(widened[i] / bc2) + eps;
                    BitConverter.DoubleToInt64Bits(denominators[i]).Should().Be(BitConverter.DoubleToInt64Bits(denominator), $"{what}, denominator {i} of {length}");
                    BitConverter.DoubleToInt64Bits(steps[i]).Should().Be(BitConverter.DoubleToInt64Bits(lr / (bc1 * denominator)), $"{what}, step {i} of {length}");
                }
            }
        }
    }
}
