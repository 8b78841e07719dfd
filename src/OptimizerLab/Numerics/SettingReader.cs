using System.Globalization;

namespace OptimizerLab.Numerics;

/// <summary>
/// Reads the text settings of one owner (a schedule, a problem) as typed values with defaults, through
/// <see cref="SettingText"/>, and words every error as "Setting 'key' of owner takes …; got '…'.". It remembers which
/// settings were read, so that <see cref="RejectUnused"/> can refuse the others.
/// </summary>
internal sealed class SettingReader(string owner, IReadOnlyDictionary<string, string> values)
{
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public bool Has(string key) => values.ContainsKey(key);

    /// <summary>A finite number (torch lets NaN and infinities through and the rate turns NaN steps later; refused here, naming the setting).</summary>
    public double Double(string key, double? fallback = null)
    {
        string text = Text(key, fallback?.ToString("R", CultureInfo.InvariantCulture));
        if (!SettingText.TryNumber(text, out double value))
            throw Refused(key, "a number", text);
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(key, value, $"Setting '{key}' of {owner} must be finite; got {PythonFloat.Repr(value)}.");
        return value;
    }

    public int Int(string key, int? fallback = null)
    {
        string text = Text(key, fallback?.ToString(CultureInfo.InvariantCulture));
        return SettingText.TryWhole(text, out int value)
            ? value
            : throw Refused(key, "a whole number", text);
    }

    /// <summary>A whole number of at least 1 (a size: rows, inputs, a batch).</summary>
    public int PositiveInt(string key, int? fallback = null)
    {
        string text = Text(key, fallback?.ToString(CultureInfo.InvariantCulture));
        return SettingText.TryWhole(text, out int value) && value > 0
            ? value
            : throw Refused(key, "a positive whole number", text);
    }

    public bool Bool(string key, bool fallback)
    {
        string text = Text(key, fallback ? "true" : "false");
        return SettingText.TryFlag(text, out bool value) ? value : throw Refused(key, "true or false", text);
    }

    public int[] IntList(string key) =>
        Text(key, null).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => SettingText.TryWhole(part, out int value)
                ? value
                : throw Refused(key, "whole numbers separated by ';'", part))
            .ToArray();

    /// <summary>One of a few names, in any case.</summary>
    public TEnum Choice<TEnum>(string key, string fallback, IReadOnlyDictionary<string, TEnum> choices)
    {
        string text = Text(key, fallback);
        return choices.TryGetValue(text.ToLowerInvariant(), out var value)
            ? value
            : throw Refused(key, $"one of {string.Join(", ", choices.Keys)}", text);
    }

    /// <summary>The error for a setting whose text is not what it takes: "Setting 'gamma' of StepLR takes a number; got 'x'.".</summary>
    public ArgumentException Refused(string key, string takes, string text) => new($"Setting '{key}' of {owner} takes {takes}; got '{text}'.");

    /// <summary>Refuses the first setting nothing read; <paramref name="known"/> lists the owner's settings for the message.</summary>
    public void RejectUnused(string known)
    {
        var unknown = values.Keys.Where(k => !_used.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"{owner} has no setting '{unknown[0]}'. Its settings: {known}.");
    }

    public string Text(string key) => Text(key, null);

    public string Text(string key, string? fallback)
    {
        _used.Add(key);
        return values.TryGetValue(key, out var text) ? text
            : fallback ?? throw new ArgumentException($"{owner} needs the setting '{key}'.");
    }
}
