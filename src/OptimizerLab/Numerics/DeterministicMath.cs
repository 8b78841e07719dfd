namespace OptimizerLab.Numerics;

/// <summary>
/// Scalar math that gives the same bits on every OS, CPU and .NET version.
/// The platform's <c>Math.Pow</c> comes from its libm and may differ in the last bit between platforms, so powers with
/// whole exponents (bias corrections <c>beta^t</c>) are computed here by repeated squaring, in double.
/// </summary>
public static class DeterministicMath
{
    /// <summary><paramref name="x"/> raised to a non-negative whole power by binary exponentiation (a fixed sequence of IEEE multiplications).</summary>
    public static double Pow(double x, long exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        double result = 1.0;
        double square = x;
        while (exponent > 0)
        {
            if ((exponent & 1) != 0) result *= square;
            exponent >>= 1;
            if (exponent > 0) square *= square;
        }

        return result;
    }
}
