using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable;

/// <summary>
/// A scalar model of one optimizer: torch's single-tensor algorithm (torch/optim/*.py) written out element by element,
/// every tensor operation rounded to T in torch's order, every Python scalar computed in double.
/// </summary>
public interface IReferenceStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One step of the model on <paramref name="theta"/>, in place, with the gradient <paramref name="grad"/>.</summary>
    void Step(T[] theta, ReadOnlySpan<T> grad);
}

/// <summary>
/// Runs a library optimizer and its scalar model side by side on the same non-zero gradients and demands the same bits
/// after every step. The gradient depends on θ (as a real loss's does) and changes sign and size from step to step, so an
/// option applied in the wrong order or form moves θ differently within a few steps and feeds back into later gradients.
/// </summary>
internal static class PinnedRun
{
    /// <summary>19 elements: two full Vector256 float blocks and a tail; one Vector512 float block and a tail.</summary>
    private static readonly double[] Start =
        [0.8, -1.3, 2.1, -0.05, 0.4, 1.7, -2.2, 0.9, 0.33, -0.7, 1.25, -1.9, 0.06, 2.6, -0.45, 1.05, -0.2, 0.55, -3.1];

    public const int Steps = 40;

    /// <summary>A gradient that is never zero: a pull towards a target plus a term that varies with step and element.</summary>
    public static T Gradient<T>(int step, int i, T theta) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateTruncating(0.6) * (theta - T.CreateTruncating(0.1 * (i - 9)))
        + T.CreateTruncating(0.4 * Math.Sin(1.7 * step + 0.9 * i) + 0.02 * (i + 1));

    /// <summary>
    /// Steps <paramref name="optimizer"/> (built on the parameter it is given) and <paramref name="reference"/> together;
    /// fails at the first element whose bits differ, naming the case, the step and both values. <paramref name="check"/>
    /// runs after every step for state the model also pins (e.g. NAdam's μ-product).
    /// </summary>
    public static void Pin<T>(string label, Func<Parameter<T>, IOptimizer<T>> optimizer, IReferenceStep<T> reference,
        int steps = Steps, Action<int>? check = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameter = new Parameter<T>(Start.Select(T.CreateTruncating).ToArray());
        var library = optimizer(parameter);
        T[] expected = parameter.Value.ToArray();
        T[] grad = new T[expected.Length];
        for (int step = 1; step <= steps; step++)
        {
            for (int i = 0; i < grad.Length; i++)
                grad[i] = parameter.Grad[i] = Gradient(step, i, parameter.Value[i]);

            library.Step();
            reference.Step(expected, grad);
            for (int i = 0; i < expected.Length; i++)
            {
                if (!parameter.Value[i].Equals(expected[i]))
                {
                    throw new Xunit.Sdk.XunitException(
                        $"{label} ({typeof(T).Name}): step {step}, element {i}: library {parameter.Value[i]:R}, " +
                        $"torch's algorithm {expected[i]:R} (gradient {grad[i]:R})");
                }
            }

            check?.Invoke(step);
        }

        parameter.Value.Should().NotEqual(Start.Select(T.CreateTruncating), $"{label}: the steps moved θ, so the comparison is not vacuous");
    }

    /// <summary>Python's <c>beta ** step</c>; the library's deterministic pow stands in for libm's (it must be the same bits on every machine).</summary>
    public static double Pow(double x, long step) => OptimizerLab.Numerics.DeterministicMath.Pow(x, step);

    /// <summary>Python's <c>x ** y</c> with a real exponent, through the same deterministic stand-in.</summary>
    public static double Pow(double x, double y) => OptimizerLab.Numerics.DeterministicMath.Pow(x, y);

    /// <summary>torch's <c>lerp_(end, weight)</c> on CPU: two formulas, chosen by the size of the weight.</summary>
    public static T Lerp<T>(T start, T end, T weight) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.Abs(weight) < T.CreateTruncating(0.5) ? start + weight * (end - start) : end - (end - start) * (T.One - weight);
}
