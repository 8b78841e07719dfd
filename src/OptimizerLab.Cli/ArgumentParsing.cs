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
        _ => throw new UsageException($"--precision takes float32 or float64; got '{text}'."),
    };

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

    /// <summary>A positive whole number.</summary>
    public static int Positive(int value, string option) =>
        value >= 1 ? value : throw new UsageException($"{option} must be at least 1; got {value}.");

    /// <summary>A whole number ≥ 0.</summary>
    public static int NonNegative(int value, string option) =>
        value >= 0 ? value : throw new UsageException($"{option} must be 0 or more; got {value}.");
}
