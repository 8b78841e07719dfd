using System.Numerics;
using System.Reflection;

namespace OptimizerLab.Optimizers;

/// <summary>
/// Every optimizer by its torch name, with its default options, and the one way to set options from text
/// (torch's argument names: <c>lr=1e-3 betas=0.9,0.999 weight_decay=0.01 amsgrad=true</c>), used by the CLI,
/// sweeps, snapshots and regression tests alike. Adding an optimizer is adding one line to <see cref="Entries"/>.
/// </summary>
public static class OptimizerCatalog
{
    /// <summary>A catalog name, the options it starts from, and the optimizer class (generic in the element type).</summary>
    private sealed record Entry(string Name, Func<OptimizerOptions> Defaults, Type Optimizer);

    private static readonly Entry[] Entries =
    [
        new("adam", () => new AdamOptions(), typeof(Adam<>)),
        new("adamw", AdamOptions.AdamW, typeof(AdamW<>)),
        new("amsgrad", () => new AdamOptions { Amsgrad = true }, typeof(Adam<>)),
        new("sgd", () => new SgdOptions(), typeof(Sgd<>)),
        new("rmsprop", () => new RmsPropOptions(), typeof(RmsProp<>)),
        new("adagrad", () => new AdagradOptions(), typeof(Adagrad<>)),
        new("adadelta", () => new AdadeltaOptions(), typeof(Adadelta<>)),
        new("adamax", () => new AdamaxOptions(), typeof(Adamax<>)),
        new("nadam", () => new NAdamOptions(), typeof(NAdam<>)),
        new("radam", () => new RAdamOptions(), typeof(RAdam<>)),
        new("lion", () => new LionOptions(), typeof(Lion<>)),
        new("rprop", () => new RpropOptions(), typeof(Rprop<>)),
        new("asgd", () => new AsgdOptions(), typeof(Asgd<>)),
        new("lbfgs", () => new LbfgsOptions(), typeof(Lbfgs<>)),
        new("sparseadam", () => new SparseAdamOptions(), typeof(SparseAdam<>)),
        new("adafactor", () => new AdafactorOptions(), typeof(Adafactor<>)),
    ];

    private static readonly Dictionary<string, Entry> ByName = Entries.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The names <see cref="Create{T}(string, IEnumerable{Parameter{T}}, OptimizerOptions?, NonFiniteGradientPolicy)"/> accepts, lower case.</summary>
    public static IReadOnlyList<string> Names => Entries.Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();

    /// <summary>True when <paramref name="name"/> is a known optimizer.</summary>
    public static bool Contains(string name) => ByName.ContainsKey(name);

    /// <summary>A fresh options record with torch's defaults for the optimizer.</summary>
    public static OptimizerOptions DefaultOptions(string name) => Find(name).Defaults();

    /// <summary>Creates the optimizer over one group of parameters.</summary>
    public static IOptimizer<T> Create<T>(string name, IEnumerable<Parameter<T>> parameters, OptimizerOptions? options = null,
        NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Throw)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Create(name, [(parameters, options ?? DefaultOptions(name))], nonFiniteGradients);

    /// <summary>Creates the optimizer over parameter groups, each with its own options (all of the optimizer's options type).</summary>
    public static IOptimizer<T> Create<T>(string name, IEnumerable<(IEnumerable<Parameter<T>> Parameters, OptimizerOptions Options)> groups,
        NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Throw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(groups);
        var entry = Find(name);
        Type optionsType = entry.Defaults().GetType();
        Type groupType = typeof(ParamGroup<,>).MakeGenericType(typeof(T), optionsType);
        var given = groups.ToArray();
        var typedGroups = Array.CreateInstance(groupType, given.Length);
        for (int g = 0; g < given.Length; g++)
        {
            if (given[g].Options.GetType() != optionsType)
                throw new ArgumentException($"Optimizer '{name}' needs {optionsType.Name}, not {given[g].Options.GetType().Name}.", nameof(groups));
            typedGroups.SetValue(Construct(groupType, [typeof(IEnumerable<Parameter<T>>), optionsType], given[g].Parameters, given[g].Options), g);
        }

        Type optimizerType = entry.Optimizer.MakeGenericType(typeof(T));
        var optimizer = (IOptimizer<T>)Construct(optimizerType, [typeof(IEnumerable<>).MakeGenericType(groupType)], typedGroups);
        optimizer.NonFiniteGradients = nonFiniteGradients;
        return optimizer;
    }

    /// <summary>
    /// Options from torch-style settings, e.g. <c>{ "lr": "1e-5", "betas": "0.9,0.99", "amsgrad": "true" }</c>, over the
    /// optimizer's defaults. A tuple option takes its elements comma-separated (<c>betas=0.9,0.99</c>) or one by one
    /// (<c>beta2=0.99</c>). An unknown name or a malformed value throws <see cref="ArgumentException"/> naming it;
    /// the result is validated.
    /// </summary>
    public static OptimizerOptions Options(string name, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var options = DefaultOptions(name);
        foreach (var (key, text) in settings) Set(name, options, key, text);
        options.Validate();
        return options;
    }

    /// <summary>Every option as torch names it (tuple elements one by one) with its value in invariant round-trip form, in torch's signature order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Describe(OptimizerOptions options) =>
        OptionField.Of(options.GetType()).Select(f => KeyValuePair.Create(f.Name, f.Format(options))).ToArray();

    private static void Set(string optimizer, OptimizerOptions options, string key, string text)
    {
        var fields = OptionField.Of(options.GetType());
        string torchName = key.ToLowerInvariant();
        var tuple = fields.Where(f => f.Tuple == torchName).ToArray();
        if (tuple.Length > 0)
        {
            string[] parts = text.Split(',');
            if (parts.Length != tuple.Length)
                throw new ArgumentException(
                    $"Option '{torchName}' of {optimizer} takes {tuple.Length} numbers like {string.Join(",", tuple.Select(f => f.Format(DefaultOptions(optimizer))))}; got '{text}'.");
            for (int i = 0; i < tuple.Length; i++) tuple[i].Parse(options, parts[i], optimizer);
            return;
        }

        var field = fields.FirstOrDefault(f => f.Name == torchName)
            ?? throw new ArgumentException($"{optimizer} has no option '{key}'. Its options: {string.Join(", ", TorchNames(fields))}.");
        field.Parse(options, text, optimizer);
    }

    /// <summary>
    /// Every name a setting may use for the optimizer: each option by its torch name in torch's order (tuple elements one
    /// by one: <c>beta1</c>, <c>etaminus</c>), then each tuple under its own name (<c>betas</c>, <c>etas</c>, <c>step_sizes</c>).
    /// </summary>
    internal static IReadOnlyList<string> SettingNames(string name)
    {
        var fields = OptionField.Of(Find(name).Defaults().GetType());
        return [.. fields.Select(f => f.Name), .. fields.Select(f => f.Tuple).OfType<string>().Distinct()];
    }

    /// <summary>
    /// The tuple a setting name is, or is an element of (<c>beta1</c> → <c>betas</c>), or null: in the given optimizer, or
    /// in any when <paramref name="optimizer"/> is null. A name can be a tuple in one optimizer and a number in another
    /// (Adafactor's <c>eps</c> is a pair, Adam's one number).
    /// </summary>
    internal static string? TupleOf(string key, string? optimizer = null)
    {
        string torchName = key.ToLowerInvariant();
        var entries = optimizer is null ? Entries : [Find(optimizer)];
        return entries.SelectMany(e => OptionField.Of(e.Defaults().GetType()))
            .FirstOrDefault(f => f.Tuple is not null && (f.Tuple == torchName || f.Name == torchName))?.Tuple;
    }

    /// <summary>The names a user writes: a tuple once under its own name, other options by theirs.</summary>
    private static IEnumerable<string> TorchNames(IReadOnlyList<OptionField> fields) => fields.Select(f => f.Tuple ?? f.Name).Distinct();

    private static Entry Find(string name) =>
        ByName.TryGetValue(name, out var entry)
            ? entry
            : throw new ArgumentException($"Unknown optimizer '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));

    private static object Construct(Type type, Type[] signature, params object[] arguments) =>
        (type.GetConstructor(signature) ?? throw new InvalidOperationException($"{type.Name} lacks a constructor ({string.Join(", ", signature.Select(t => t.Name))})."))
            .Invoke(BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
}
