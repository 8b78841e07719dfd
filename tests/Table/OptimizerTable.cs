namespace OptimizerLab.TestTable;

/// <summary>
/// Every optimizer of the catalog, one entry each, found by reflection: every non-abstract <see cref="OptimizerEntry"/>
/// in this assembly (tests/Table/Entries). Generic tests iterate it; nothing registers an entry by hand.
/// </summary>
public static class OptimizerTable
{
    /// <summary>The entries, ordered by name.</summary>
    public static readonly OptimizerEntry[] All = typeof(OptimizerEntry).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(OptimizerEntry)) && !t.IsAbstract)
        .Select(t => (OptimizerEntry)Activator.CreateInstance(t, nonPublic: true)!)
        .OrderBy(e => e.Name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>The entry of a catalog name; throws naming the table when an optimizer has none.</summary>
    public static OptimizerEntry Of(string name) =>
        All.SingleOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"Optimizer '{name}' has no entry in the test table: add tests/Table/Entries/<Name>Entry.cs.");

    /// <summary>Names of the entries that satisfy <paramref name="holds"/>.</summary>
    public static string[] Where(Func<OptimizerEntry, bool> holds) => All.Where(holds).Select(e => e.Name).ToArray();
}
