using System.Globalization;

namespace OptimizerLab.Numerics;

/// <summary>Formats a double the way Python's <c>repr</c> does, so our error messages read exactly like torch's ("Invalid learning rate: -1.0").</summary>
public static class PythonFloat
{
    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, ".0" on integral values, "1e-05" style exponents, "nan"/"inf".</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // Python uses positional notation for 1e-4 <= |x| < 1e16, scientific otherwise.
        double magnitude = Math.Abs(value);
        string shortest = value.ToString("R", CultureInfo.InvariantCulture);
        if (magnitude >= 1e-4 && magnitude < 1e16)
        {
            string positional = shortest.Contains('E', StringComparison.Ordinal)
                ? value.ToString("0.####################", CultureInfo.InvariantCulture)
                : shortest;
            return positional.Contains('.', StringComparison.Ordinal) ? positional : positional + ".0";
        }

        string scientific = value.ToString("E16", CultureInfo.InvariantCulture);
        // Re-derive the shortest mantissa: "R" gives the digits, we only reshape the exponent.
        string digits = shortest.Contains('E', StringComparison.Ordinal) ? shortest : scientific;
        int e = digits.IndexOf('E', StringComparison.Ordinal);
        string mantissa = digits[..e];
        int exponent = int.Parse(digits[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (mantissa.Contains('.', StringComparison.Ordinal)) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        return $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
    }
}
