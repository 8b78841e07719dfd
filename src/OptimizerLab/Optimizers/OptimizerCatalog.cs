using System.Globalization;
using System.Numerics;
using System.Reflection;

namespace OptimizerLab.Optimizers;

/// <summary>
/// Every optimizer by its torch name, with its default options, and the one way to set options from text
/// (torch's argument names: <c>lr=1e-3 betas=0.9,0.999 weight_decay=0.01 amsgrad=true</c>), used by the CLI,
/// sweeps, snapshots and regression tests alike.
/// </summary>
public static class OptimizerCatalog
{
    private static readonly Dictionary<string, Func<OptimizerOptions>> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["adam"] = () => new AdamOptions(),
        ["adamw"] = AdamOptions.AdamW,
        ["amsgrad"] = () => new AdamOptions { Amsgrad = true },
        ["sgd"] = () => new SgdOptions(),
        ["rmsprop"] = () => new RmsPropOptions(),
        ["adagrad"] = () => new AdagradOptions(),
        ["adadelta"] = () => new AdadeltaOptions(),
        ["adamax"] = () => new AdamaxOptions(),
        ["nadam"] = () => new NAdamOptions(),
        ["radam"] = () => new RAdamOptions(),
    };

    /// <summary>The names <see cref="Create{T}"/> accepts, lower case.</summary>
    public static IReadOnlyList<string> Names => Defaults.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>True when <paramref name="name"/> is a known optimizer.</summary>
    public static bool Contains(string name) => Defaults.ContainsKey(name);

    /// <summary>A fresh options record with torch's defaults for the optimizer.</summary>
    public static OptimizerOptions DefaultOptions(string name) =>
        Defaults.TryGetValue(name, out var create)
            ? create()
            : throw new ArgumentException($"Unknown optimizer '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Creates the optimizer over one group of parameters.</summary>
    public static IOptimizer<T> Create<T>(string name, IEnumerable<Parameter<T>> parameters, OptimizerOptions? options = null,
        NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Throw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        options ??= DefaultOptions(name);
        return name.ToLowerInvariant() switch
        {
            "adam" or "amsgrad" => new Adam<T>(parameters, As<AdamOptions>(name, options), nonFiniteGradients),
            "adamw" => new AdamW<T>(parameters, As<AdamOptions>(name, options), nonFiniteGradients),
            "sgd" => new Sgd<T>(parameters, As<SgdOptions>(name, options), nonFiniteGradients),
            "rmsprop" => new RmsProp<T>(parameters, As<RmsPropOptions>(name, options), nonFiniteGradients),
            "adagrad" => new Adagrad<T>(parameters, As<AdagradOptions>(name, options), nonFiniteGradients),
            "adadelta" => new Adadelta<T>(parameters, As<AdadeltaOptions>(name, options), nonFiniteGradients),
            "adamax" => new Adamax<T>(parameters, As<AdamaxOptions>(name, options), nonFiniteGradients),
            "nadam" => new NAdam<T>(parameters, As<NAdamOptions>(name, options), nonFiniteGradients),
            "radam" => new RAdam<T>(parameters, As<RAdamOptions>(name, options), nonFiniteGradients),
            _ => throw new ArgumentException($"Unknown optimizer '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>
    /// Options from torch-style settings, e.g. <c>{ "lr": "1e-5", "betas": "0.9,0.99", "amsgrad": "true" }</c>, over the
    /// optimizer's defaults. An unknown name or a malformed value throws <see cref="ArgumentException"/> naming it;
    /// the result is validated.
    /// </summary>
    public static OptimizerOptions Options(string name, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var options = DefaultOptions(name);
        foreach (var (key, text) in settings) Set(name, options, key, text);
        options.Validate();
        return options;
    }

    /// <summary>Every option as torch names it with its value in invariant round-trip form, in a fixed order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Describe(OptimizerOptions options) =>
        Properties(options.GetType())
            .Select(p => KeyValuePair.Create(TorchName(p.Name), Format(p.GetValue(options))))
            .ToArray();

    /// <summary>The torch name of an options property: <c>WeightDecay</c> → <c>weight_decay</c>.</summary>
    public static string TorchName(string propertyName)
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

    private static void Set(string optimizer, OptimizerOptions options, string key, string text)
    {
        if (key.Equals("betas", StringComparison.OrdinalIgnoreCase))
        {
            string[] parts = text.Split(',');
            if (parts.Length != 2)
                throw new ArgumentException($"Option 'betas' of {optimizer} takes two numbers like 0.9,0.999; got '{text}'.");
            Set(optimizer, options, "beta1", parts[0]);
            Set(optimizer, options, "beta2", parts[1]);
            return;
        }

        var property = Properties(options.GetType()).FirstOrDefault(p => TorchName(p.Name) == key.ToLowerInvariant())
            ?? throw new ArgumentException(
                $"{optimizer} has no option '{key}'. Its options: {string.Join(", ", Properties(options.GetType()).Select(p => TorchName(p.Name)))}.");
        object value = property.PropertyType == typeof(bool)
            ? bool.TryParse(text, out bool flag) ? flag : throw new ArgumentException($"Option '{key}' of {optimizer} takes true or false; got '{text}'.")
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
                ? number
                : throw new ArgumentException($"Option '{key}' of {optimizer} takes a number like 1e-3; got '{text}'.");
        property.SetValue(options, value);
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name is not (nameof(OptimizerOptions.CyclicMomentum) or nameof(OptimizerOptions.InitialLr) or "EqualityContract"))
            .OrderBy(p => p.MetadataToken);

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static TOptions As<TOptions>(string name, OptimizerOptions options) where TOptions : OptimizerOptions =>
        options as TOptions
        ?? throw new ArgumentException($"Optimizer '{name}' needs {typeof(TOptions).Name}, not {options.GetType().Name}.", nameof(options));
}
