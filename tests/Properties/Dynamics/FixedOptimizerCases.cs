using FsCheck;
using FsCheck.Fluent;
using OptimizerLab.Lab;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Every catalog optimizer in both precisions, with every switch its settings generator can turn on, on one small problem:
/// the rows that the optimizer properties run as fixed tests beside the cases they draw, so that no optimizer or precision
/// depends on what a seed happens to draw.
/// </summary>
public static class FixedOptimizerCases
{
    private static readonly Dictionary<string, (string Key, string Value)[]> Switches = new()
    {
        ["adam"] = [("lr", "1e-2"), ("weight_decay", "0.01")],
        ["amsgrad"] = [("lr", "1e-2"), ("weight_decay", "0.01")],
        ["adamw"] = [("lr", "1e-2"), ("weight_decay", "0.1"), ("amsgrad", "true")],
        ["sgd"] = [("lr", "3e-3"), ("momentum", "0.9"), ("nesterov", "true"), ("weight_decay", "0.01")],
        ["rmsprop"] = [("lr", "1e-2"), ("alpha", "0.9"), ("momentum", "0.9"), ("centered", "true"), ("weight_decay", "0.01")],
        ["adagrad"] = [("lr", "1e-1"), ("lr_decay", "0.01"), ("initial_accumulator_value", "0.1"), ("weight_decay", "0.01")],
        ["adadelta"] = [("lr", "0.5"), ("rho", "0.95"), ("weight_decay", "0.01")],
        ["adamax"] = [("lr", "1e-2"), ("weight_decay", "0.01")],
        ["nadam"] = [("lr", "1e-2"), ("weight_decay", "0.01"), ("decoupled_weight_decay", "true")],
        ["radam"] = [("lr", "1e-2"), ("weight_decay", "0.01"), ("decoupled_weight_decay", "true")],
    };

    /// <summary>Optimizer × precision rows among <paramref name="names"/> (all of the catalog when none are given).</summary>
    public static TheoryData<string, Precision> Rows(params string[] names)
    {
        var data = new TheoryData<string, Precision>();
        foreach (string name in names.Length > 0 ? names : OptimizerLab.Optimizers.OptimizerCatalog.Names)
        {
            data.Add(name, Precision.Float32);
            data.Add(name, Precision.Float64);
        }

        return data;
    }

    /// <summary>The fixed case of one row.</summary>
    public static OptimizerCase For(string optimizer, Precision precision) =>
        new(optimizer, Switches.TryGetValue(optimizer, out var settings)
                ? settings.ToDictionary(s => s.Key, s => s.Value)
                : throw new ArgumentException($"No fixed switches for optimizer '{optimizer}': add them when adding it to the catalog."),
            new LeastSquaresCase(11, 8, 16), precision);

    /// <summary>The fixed case as a short full-batch run without schedule or clipping.</summary>
    public static RunCase Run(string optimizer, Precision precision) =>
        new(For(optimizer, precision), null, new Dictionary<string, string>(), null, null, null, 30);

    /// <summary>Checks a property built for one fixed case; a failure leads with its labels, as the gate's do.</summary>
    public static void Holds(Property property)
    {
        try
        {
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(1), property);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException(FailureReport.CauseFirst(e.Message, e.InnerException?.Message));
        }
    }
}
