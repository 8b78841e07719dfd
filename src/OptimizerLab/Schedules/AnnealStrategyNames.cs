namespace OptimizerLab.Schedules;

/// <summary>torch's names of the <see cref="AnnealStrategy"/> values, as states and the catalog write them.</summary>
internal static class AnnealStrategyNames
{
    public static readonly Dictionary<string, AnnealStrategy> ByName = new()
    {
        ["cos"] = AnnealStrategy.Cos,
        ["linear"] = AnnealStrategy.Linear,
    };

    public static string Of(AnnealStrategy strategy) => ByName.First(pair => pair.Value == strategy).Key;
}
