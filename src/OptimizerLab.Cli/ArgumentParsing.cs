using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli;

/// <summary>Turns option text into values; every mistake is a <see cref="UsageException"/> naming the option.</summary>
internal static class ArgumentParsing
{
    /// <summary>float32/f32/float or float64/f64/double.</summary>
    public static Precision Precision(string text) => text.Trim().ToLowerInvariant() switch
    {
        "float32" or "f32" or "float" or "single" => Lab.Precision.Float32,
        "float64" or "f64" or "double" => Lab.Precision.Float64,
        _ => throw new UsageException(
            $"--precision takes float32 or float64; got '{text}'{Suggestions.DidYouMean(text, ["float32", "float64", "f32", "f64", "float", "double", "single"])}"),
    };

    /// <summary>
    /// <paramref name="text"/> as one of <paramref name="known"/> (any case), or a <see cref="UsageException"/>:
    /// "--optimizer: unknown optimizer 'adma'; did you mean 'adam'? Known: …".
    /// </summary>
    public static string Known(string option, string what, string text, IEnumerable<string> known)
    {
        string[] names = known.ToArray();
        string name = text.Trim();
        return names.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"{option}: unknown {what} '{name}'{Suggestions.Sentence(name, names)}Known: {string.Join(", ", names)}.");
    }

    /// <summary>Makes the option take a whole number in [min, max]; anything else is a parse error naming the option and the range.</summary>
    public static Option<int> WholeNumber(this Option<int> option, int min, int max)
    {
        option.CustomParser = result => ParseWhole(result, option.Name, min, max) ?? min;
        return option;
    }

    /// <inheritdoc cref="WholeNumber(Option{int}, int, int)"/>
    public static Option<int?> WholeNumber(this Option<int?> option, int min, int max)
    {
        option.CustomParser = result => ParseWhole(result, option.Name, min, max);
        return option;
    }

    /// <summary>Makes the option take a finite number ≥ <paramref name="min"/> (&gt; it when <paramref name="exclusive"/>).</summary>
    public static Option<double?> FiniteNumber(this Option<double?> option, double min, bool exclusive = false)
    {
        option.CustomParser = result => ParseFinite(result, option.Name, min, exclusive);
        return option;
    }

    /// <inheritdoc cref="FiniteNumber(Option{double?}, double, bool)"/>
    public static Option<double> FiniteNumber(this Option<double> option, double min, bool exclusive = false)
    {
        option.CustomParser = result => ParseFinite(result, option.Name, min, exclusive) ?? min;
        return option;
    }

    /// <summary>Makes the option take one of <paramref name="values"/>, suggesting the closest on a typo.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        option.CustomParser = result =>
        {
            string text = Token(result);
            string? match = values.FirstOrDefault(v => v.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null) result.AddError($"{option.Name} takes {string.Join(" or ", values)}; got '{text}'{Suggestions.DidYouMean(text, values)}");
            return match ?? values[0];
        };
        return option;
    }

    private static int? ParseWhole(ArgumentResult result, string name, int min, int max)
    {
        string text = Token(result);
        if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) && value >= min && value <= max)
            return (int)value;
        result.AddError($"{name} takes a whole number from {Int(min)} to {Int(max)}; got '{text}'");
        return null;
    }

    private static double? ParseFinite(ArgumentResult result, string name, double min, bool exclusive)
    {
        string text = Token(result);
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            && (exclusive ? value > min : value >= min))
            return value;
        result.AddError(F($"{name} takes a finite number {(exclusive ? ">" : "≥")} {min}; got '{text}'"));
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    /// <summary>Comma-separated items, trimmed, none empty.</summary>
    public static IReadOnlyList<string> List(string text, string option)
    {
        string[] items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.Length == 0 || items.Any(i => i.Length == 0))
            throw new UsageException($"{option} takes a comma-separated list like a,b,c; got '{text}'.");
        return items;
    }

    /// <summary>Seeds as a list and/or ranges: "0..9", "1,5,7", "0..3,10".</summary>
    public static IReadOnlyList<ulong> Seeds(string text)
    {
        var seeds = new List<ulong>();
        foreach (string item in List(text, "--seeds"))
        {
            int dots = item.IndexOf("..", StringComparison.Ordinal);
            if (dots >= 0)
            {
                ulong from = Seed(item[..dots], text), to = Seed(item[(dots + 2)..], text);
                if (to < from) throw new UsageException($"--seeds: the range '{item}' runs backwards.");
                if (to - from >= 100_000) throw new UsageException($"--seeds: the range '{item}' has more than 100000 seeds.");
                for (ulong s = from; s <= to; s++) seeds.Add(s);
            }
            else
            {
                seeds.Add(Seed(item, text));
            }
        }

        return seeds.Distinct().ToArray();
    }

    /// <summary>One seed: a whole number ≥ 0.</summary>
    public static ulong Seed(string text, string? whole = null) =>
        ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
            ? seed
            : throw new UsageException($"--seed{(whole is null ? "" : "s")} takes whole numbers ≥ 0 (or ranges like 0..9); got '{whole ?? text}'.");

    /// <summary>"name=value" (for --set).</summary>
    public static KeyValuePair<string, string> Setting(string text, string option)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
            throw new UsageException($"{option} takes name=value, e.g. {option} weight_decay=0.01; got '{text}'.");
        return KeyValuePair.Create(text[..equals].Trim().ToLowerInvariant(), text[(equals + 1)..].Trim());
    }
}
