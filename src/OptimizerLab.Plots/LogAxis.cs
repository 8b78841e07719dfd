using ScottPlot;

namespace OptimizerLab.Plots;

/// <summary>
/// An axis that holds log10 of a quantity: major ticks only at whole powers of ten, labelled as the quantity
/// ("1e-12", "1", "1e3") rather than as its logarithm ("-12", "-3.9").
/// </summary>
internal static class LogAxis
{
    public static void Use(IAxis axis, string label)
    {
        axis.Label.Text = label;
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = Label,
        };
    }

    /// <summary>The label of the tick at log10 value <paramref name="exponent"/>: "1" for 0, else "1e" and the exponent.</summary>
    public static string Label(double exponent)
    {
        long n = (long)Math.Round(exponent);
        return n == 0 ? "1" : FormattableString.Invariant($"1e{n}");
    }
}
