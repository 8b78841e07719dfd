using System.Globalization;

namespace OptimizerLab.Cli;

/// <summary>How numbers look in the CLI's text output.</summary>
internal static class TextFormat
{
    /// <summary>Three significant digits, Python-style exponent: 8.64e-06.</summary>
    public static string Short(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf")
        : value.ToString("G3", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>A step or "–" when absent.</summary>
    public static string Step(int? step) => step is int s ? s.ToString(CultureInfo.InvariantCulture) : "–";

    /// <summary>An optional number in <see cref="Short(double)"/> form or "–".</summary>
    public static string Short(double? value) => value is double v ? Short(v) : "–";

    /// <summary>Invariant integer.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats with the invariant culture.</summary>
    public static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The text on one line: line breaks and the spaces around them become one space.</summary>
    public static string OneLine(string text) =>
        string.Join(" ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
