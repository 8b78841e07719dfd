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

    /// <summary>The options of <paramref name="type"/> in torch's signature order (tuple elements in index order), as its <see cref="TorchSignatureAttribute"/> lists them.</summary>
    public static IReadOnlyList<OptionField> Of(Type type) => Cache.GetOrAdd(type, static t =>
    {
        var signature = t.GetCustomAttribute<TorchSignatureAttribute>()
            ?? throw new InvalidOperationException($"{t.Name} declares no [TorchSignature].");
        var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Declared: p.GetCustomAttribute<TorchOptionAttribute>(inherit: true)))
            .ToArray();
        var fields = new List<OptionField>();
        for (int position = 0; position < signature.Names.Count; position++)
        {
            string name = signature.Names[position];
            var elements = properties.Where(x => x.Declared?.Tuple == name).OrderBy(x => x.Declared!.Index).ToArray();
            foreach (var (property, declared) in elements)
                fields.Add(new OptionField(property, declared!.Name ?? SnakeCase(property.Name), position, name, declared.Index));
            if (elements.Length > 0) continue;
            var single = properties.Where(x => x.Declared?.Tuple is null && (x.Declared?.Name ?? SnakeCase(x.Property.Name)) == name).ToArray();
            if (single.Length != 1) throw new InvalidOperationException($"{t.Name}'s torch signature names '{name}', which is not one of its properties.");
            fields.Add(new OptionField(single[0].Property, name, position, null, 0));
        }

        return fields.ToArray();
    });

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
