using System.Globalization;
using System.Numerics;
using OptimizerLab.Optimizers;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>Builds any catalog optimizer over several parameter groups (the catalog builds one group), and derived settings.</summary>
internal static class OptimizerFactory
{
    /// <summary>The options of a case, resolved by the catalog over torch's defaults.</summary>
    public static OptimizerOptions Options(OptimizerCase c) => OptimizerCatalog.Options(c.Optimizer, c.Settings);

    /// <summary>The case's settings with <paramref name="key"/> set (or removed when <paramref name="value"/> is null).</summary>
    public static OptimizerCase With(this OptimizerCase c, string key, string? value)
    {
        var settings = c.Settings.Where(kv => kv.Key != key).ToDictionary();
        if (value is not null) settings[key] = value;
        return c with { Settings = settings };
    }

    /// <summary>The case with weight_decay 0, where the optimizer has the option (explicitly 0: AdamW's default is not).</summary>
    public static OptimizerCase WithoutWeightDecay(this OptimizerCase c) =>
        OptimizerTable.Of(c.Optimizer).WeightDecay == WeightDecayKind.None ? c : c.With("weight_decay", "0");

    /// <summary>A resolved option's value as text (torch name, e.g. "eps").</summary>
    public static string Option(OptimizerCase c, string key) =>
        OptimizerCatalog.Describe(Options(c)).Single(kv => kv.Key == key).Value;

    /// <summary>A resolved numeric option.</summary>
    public static double Number(OptimizerCase c, string key) => double.Parse(Option(c, key), CultureInfo.InvariantCulture);

    /// <summary>The optimizer over one group.</summary>
    public static IOptimizer<T> Create<T>(OptimizerCase c, IEnumerable<Parameter<T>> parameters) where T : unmanaged, IFloatingPointIeee754<T> =>
        OptimizerCatalog.Create<T>(c.Optimizer, parameters, Options(c));

    /// <summary>The optimizer over groups, each with its own options (all of the optimizer's options type).</summary>
    public static IOptimizer<T> Create<T>(string name, IReadOnlyList<(Parameter<T>[] Parameters, OptimizerOptions Options)> groups)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        OptimizerCatalog.Create<T>(name, groups.Select(g => ((IEnumerable<Parameter<T>>)g.Parameters, g.Options)));
}
