using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>
/// One option of an options record as torch names it: its property, torch name, and the tuple it belongs to. The
/// fields of a record, in torch's signature order, come from its <see cref="TorchOptionAttribute"/> declarations,
/// so parsing, listing and saving an option need nothing beyond its declaration.
/// </summary>
internal sealed record OptionField(PropertyInfo Property, string Name, int Position, string? Tuple, int Index)
{
    private static readonly ConcurrentDictionary<Type, OptionField[]> Cache = new();

    /// <summary>The declared options of <paramref name="type"/> in torch's signature order (tuple elements in index order).</summary>
    public static IReadOnlyList<OptionField> Of(Type type) => Cache.GetOrAdd(type, static t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Declared: p.GetCustomAttribute<TorchOptionAttribute>(inherit: true)))
            .Where(x => x.Declared is not null)
            .Select(x => new OptionField(x.Property, x.Declared!.Name ?? SnakeCase(x.Property.Name), x.Declared.Position, x.Declared.Tuple, x.Declared.Index))
            .OrderBy(f => f.Position).ThenBy(f => f.Index)
            .ToArray());

    /// <summary>The value in invariant round-trip form: <c>0.001</c>, <c>true</c>, <c>None</c> for an unset optional number (torch's <c>None</c>).</summary>
    public string Format(OptimizerOptions options) => Property.GetValue(options) switch
    {
        null => "None",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Sets the option from text; throws <see cref="ArgumentException"/> naming the option and the optimizer.</summary>
    /// <remarks>An option torch lets be None (an <c>int?</c> or <c>string?</c> property) takes <c>None</c>.</remarks>
    public void Parse(OptimizerOptions options, string text, string optimizer)
    {
        Type type = Property.PropertyType;
        bool none = text is "None" or "none" && (Nullable.GetUnderlyingType(type) is not null || type == typeof(string));
        object? value = none ? null : (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(bool) => SettingText.TryFlag(text, out bool flag) ? flag : throw new ArgumentException($"Option '{Name}' of {optimizer} takes true or false; got '{text}'."),
            var t when t == typeof(int) => SettingText.TryWhole(text, out int whole)
                ? whole
                : throw new ArgumentException($"Option '{Name}' of {optimizer} takes a whole number like 20{(t != type ? " or None" : "")}; got '{text}'."),
            var t when t == typeof(string) => text,
            _ => SettingText.TryNumber(text, out double number)
                ? number
                : throw new ArgumentException($"Option '{Name}' of {optimizer} takes a number like 1e-3{(Nullable.GetUnderlyingType(type) is not null ? " or None" : "")}; got '{text}'."),
        };
        Property.SetValue(options, value);
    }

    /// <summary><c>WeightDecay</c> → <c>weight_decay</c>; a digit does not start a word (<c>Beta1</c> → <c>beta1</c>).</summary>
    public static string SnakeCase(string propertyName)
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < propertyName.Length; i++)
        {
            char c = propertyName[i];
            if (char.IsUpper(c) && i > 0 && !char.IsDigit(propertyName[i - 1])) text.Append('_');
            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
