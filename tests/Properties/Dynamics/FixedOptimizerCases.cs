using FsCheck;
using FsCheck.Fluent;
using OptimizerLab.Lab;
using OptimizerLab.Properties.Gate;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Every catalog optimizer in both precisions, with every switch its settings generator can turn on, on one small problem:
/// the rows that the optimizer properties run as fixed tests beside the cases they draw, so that no optimizer or precision
/// depends on what a seed happens to draw.
/// </summary>
public static class FixedOptimizerCases
{
    /// <summary>Every switch on: the last value of each setting in the entry's last alternative (OptimizerTable).</summary>
    private static Dictionary<string, string> Switches(string optimizer) =>
        OptimizerTable.Of(optimizer).Settings[^1].Where(s => s.Values[^1] != "").ToDictionary(s => s.Key, s => s.Values[^1]);

    /// <summary>Optimizer × precision rows among <paramref name="names"/> (every optimizer a gradient steps when none are given).</summary>
    public static TheoryData<string, Precision> Rows(params string[] names)
    {
        var data = new TheoryData<string, Precision>();
        foreach (string name in names.Length > 0 ? names : OptimizerTable.SteppedByGradient)
        {
            data.Add(name, Precision.Float32);
            data.Add(name, Precision.Float64);
        }

        return data;
    }

    /// <summary>The fixed case of one row.</summary>
    public static OptimizerCase For(string optimizer, Precision precision) =>
        new(optimizer, Switches(optimizer), new LeastSquaresCase(11, 8, 16), precision);

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
