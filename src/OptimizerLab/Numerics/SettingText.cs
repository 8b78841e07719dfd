using System.Globalization;

namespace OptimizerLab.Numerics;

/// <summary>
/// How the text of a setting reads as a value, the same for optimizer options, schedule settings and problem settings:
/// invariant culture, numbers as C# and Python write them (<c>1e-3</c>, <c>0.001</c>), whole numbers with an optional
/// sign, flags as <c>true</c>/<c>false</c> in any case. Each caller words its own error, naming the setting and its owner.
/// </summary>
internal static class SettingText
{
    /// <summary>A number, e.g. <c>1e-3</c> (also <c>inf</c> and <c>NaN</c>: callers that need a finite value check it).</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>A whole number, e.g. <c>20</c> or <c>-1</c>.</summary>
    public static bool TryWhole(string text, out int value) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static bool TryFlag(string text, out bool value) => bool.TryParse(text, out value);
}
