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

    /// <summary>
    /// The natural logarithm from IEEE arithmetic only (no libm), so it gives the same bits everywhere; within 2 ulp of a correctly rounded ln.
    /// x = m·2^e with m in [√½, √2); ln m = 2·atanh(f) with f = (m − 1)/(m + 1), |f| ≤ 0.1716, summed as an odd series to f^23.
    /// </summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;

        int exponent = 0;
        if (!double.IsNormal(x))
        {
            x *= 18014398509481984.0; // 2^54 brings a subnormal into the normal range
            exponent = -54;
        }

        long bits = BitConverter.DoubleToInt64Bits(x);
        exponent += (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            exponent++;
        }

        double f = (m - 1.0) / (m + 1.0);
        double f2 = f * f;
        double series = 1.0 / 23;
        for (int k = 21; k >= 3; k -= 2) series = series * f2 + 1.0 / k;
        double lnM = 2.0 * f + 2.0 * f * f2 * series;

        // ln 2 split so that exponent·Ln2High is exact for |exponent| < 2^11.
        const double Ln2High = 6.93147180369123816490e-01;
        const double Ln2Low = 1.90821492927058770002e-10;
        return exponent * Ln2High + (exponent * Ln2Low + lnM);
    }
}
