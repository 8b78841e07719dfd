namespace OptimizerLab.Numerics;

/// <summary>
/// Scalar math that gives the same bits on every OS, CPU and .NET version.
/// The platform's <c>Math.Pow</c>, <c>Math.Exp</c> and <c>Math.Log</c> come from its libm and may differ in the last bit
/// between platforms, so the step paths use these instead: whole powers (bias corrections <c>beta^t</c>) by repeated
/// squaring, and exp, log and real powers (NAdam's <c>0.96^(t·ψ)</c>) from IEEE <c>+ - * /</c> alone.
/// </summary>
/// <remarks>
/// <see cref="Exp"/> and <see cref="Log"/> follow the classic Sun fdlibm scheme: reduce the argument by multiples of
/// ln 2 held as a two-part constant, then evaluate a minimax polynomial of a rational transform on the small remainder.
/// Each is within 1 ulp of the true value (fdlibm's error bound); every operation is an IEEE double operation with one
/// rounding, and .NET never contracts <c>a*b + c</c> into a fused multiply-add, so the result is the same everywhere.
/// </remarks>
public static class DeterministicMath
{
    // ln 2 split so that k·Ln2Hi is exact for |k| < 2^11: Ln2Hi has its 21 low mantissa bits zero.
    private const double Ln2Hi = 6.93147180369123816490e-01;   // 0x3FE62E42FEE00000
    private const double Ln2Lo = 1.90821492927058770002e-10;   // 0x3DEA39EF35793C76
    private const double InvLn2 = 1.44269504088896338700e+00;  // 0x3FF71547652B82FE

    // exp(x) overflows above this and is below half the smallest subnormal under ExpUnderflow.
    private const double ExpOverflow = 7.09782712893383973096e+02;   // 0x40862E42FEFA39EF
    private const double ExpUnderflow = -7.45133219101941108420e+02; // 0xC0874910D52D3051

    // Minimax coefficients of r·(e^r + 1)/(e^r - 1) = 2 + P1·r² + ... + P5·r¹⁰ on |r| ≤ ln2/2 (error < 2^-59).
    private const double P1 = 1.66666666666666019037e-01;  // 0x3FC555555555553E
    private const double P2 = -2.77777777770155933842e-03; // 0xBF66C16C16BEBD93
    private const double P3 = 6.61375632143793436117e-05;  // 0x3F11566AAF25DE2C
    private const double P4 = -1.65339022054652515390e-06; // 0xBEBBBD41C5D26BF1
    private const double P5 = 4.13813679705723846039e-08;  // 0x3E66376972BEA4D0

    // Minimax coefficients of R(z) = Lg1·z + ... + Lg7·z⁷ ≈ 2z/3 + 2z²/5 + ..., where log(1+f) = 2s + s·R(s²) and s = f/(2+f) (error < 2^-58.45).
    private const double Lg1 = 6.666666666666735130e-01; // 0x3FE5555555555593
    private const double Lg2 = 3.999999999940941908e-01; // 0x3FD999999997FA04
    private const double Lg3 = 2.857142874366239149e-01; // 0x3FD2492494229359
    private const double Lg4 = 2.222219843214978396e-01; // 0x3FCC71C51D8E78AF
    private const double Lg5 = 1.818357216161805012e-01; // 0x3FC7466496CB03DE
    private const double Lg6 = 1.531383769920937332e-01; // 0x3FC39A09D078C69F
    private const double Lg7 = 1.479819860511658591e-01; // 0x3FC2F112DF3E5244

    private const double Two54 = 18014398509481984.0;     // 2^54, lifts subnormals into the normal range
    private const double Sqrt2 = 1.4142135623730951;      // the mantissa is reduced into [√2/2, √2)
    private const long MantissaMask = 0x000F_FFFF_FFFF_FFFF;
    private const long ExponentOfOne = 0x3FF0_0000_0000_0000;

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
    /// <paramref name="x"/> raised to a real power, as <c>Exp(y·Log(x))</c>, for <paramref name="x"/> &gt; 0.
    /// Its relative error is about |y·ln x|·2^-53 (the rounding of the product, magnified by exp) plus 2 ulp.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="x"/> is zero or negative.</exception>
    public static double Pow(double x, double y)
    {
        if (y == 0 || x == 1) return 1.0;
        if (double.IsNaN(x) || double.IsNaN(y)) return double.NaN;
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "Pow(x, y) with a real exponent is defined here for x > 0 only.");
        return Exp(y * Log(x));
    }

    /// <summary>e raised to <paramref name="x"/>, within 1 ulp, from IEEE + - * / only. Exp(±0) = 1, Exp(-∞) = 0, Exp(+∞) = +∞, NaN stays NaN.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x > ExpOverflow) return double.PositiveInfinity;
        if (x < ExpUnderflow) return 0.0;

        // x = k·ln2 + r with |r| ≤ ln2/2 (plus rounding); r is carried as hi - lo so that no bit of x is lost.
        double kd = Math.Round(x * InvLn2);
        int k = (int)kd;
        double hi = x - kd * Ln2Hi;
        double lo = kd * Ln2Lo;
        double r = hi - lo;

        // e^r = 1 + 2r/(R(r²) - r) with R(r²) ≈ r·(e^r + 1)/(e^r - 1); c = r - (R(r²) - 2) is the small correction.
        double t = r * r;
        double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
        double y = 1.0 - ((lo - r * c / (2.0 - c)) - hi);
        return ScaleByPowerOfTwo(y, k);
    }

    /// <summary>The natural logarithm, within 1 ulp, from IEEE + - * / only. Log(1) = 0, Log(±0) = -∞, Log(x &lt; 0) = NaN, Log(+∞) = +∞.</summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x) || x < 0) return double.NaN;
        if (x == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(x)) return x;

        int k = 0;
        if (!double.IsNormal(x))
        {
            x *= Two54;
            k = -54;
        }

        // x = 2^k · m with m in [√2/2, √2), so that f = m - 1 is exact (Sterbenz) and |f| ≤ 0.4143.
        long bits = BitConverter.DoubleToInt64Bits(x);
        k += (int)(bits >> 52) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & MantissaMask) | ExponentOfOne);
        if (m >= Sqrt2)
        {
            m *= 0.5;
            k++;
        }

        // log(1+f) = f - f²/2 + s·(f²/2 + R(s²)) with s = f/(2+f).
        double f = m - 1.0;
        double s = f / (2.0 + f);
        double z = s * s;
        double w = z * z;
        double oddTerms = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
        double evenTerms = w * (Lg2 + w * (Lg4 + w * Lg6));
        double remainder = oddTerms + evenTerms;
        double halfSquare = 0.5 * f * f;
        double dk = k;
        return dk * Ln2Hi - ((halfSquare - (s * (halfSquare + remainder) + dk * Ln2Lo)) - f);
    }

    /// <summary>y·2^k for y in [0.5, 2) and k in [-1075, 1024], with a single rounding when the result is subnormal.</summary>
    private static double ScaleByPowerOfTwo(double y, int k)
    {
        if (k > 1023) return y * 2.0 * PowerOfTwo(1023);
        if (k >= -1022) return y * PowerOfTwo(k);
        // Scale into the normal range first (exact), then once into the subnormal range (one rounding).
        return y * PowerOfTwo(k + 1000) * PowerOfTwo(-1000);
    }

    private static double PowerOfTwo(int k) => BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);
}
