namespace OptimizerLab.Snapshots.Cases;

/// <summary>
/// Every snapshot the suite keeps. Adding a case is adding one line: each line gives a float32 and a float64 snapshot,
/// named after its problem, optimizer, settings and precision (<c>Curves/{name}.verified.txt</c>).
/// </summary>
public static class SnapshotCases
{
    private static readonly CaseLine[] Table =
    [
        // The seed question: every optimizer at torch's defaults…
        new("seed", "adam"),
        new("seed", "adamw"),
        new("seed", "amsgrad"),
        // …and Adam's notable settings: coupled weight decay, an eps large enough to cap the step (no rebound),
        // a small lr (the rebound comes after ~14000 steps instead of ~3000).
        new("seed", "adam", "weight_decay=0.01"),
        new("seed", "adam", "eps=0.1"),
        new("seed", "adam", "lr=1e-5", Steps: 20000),
    ];

    /// <summary>All cases, in table order.</summary>
    public static IReadOnlyList<SnapshotCase> All { get; } = Table.SelectMany(line => line.Expand()).ToArray();

    /// <summary>The cases on one problem, for a test class per problem (xunit runs classes in parallel).</summary>
    public static IEnumerable<SnapshotCase> OnProblem(string problem) =>
        All.Where(c => c.Spec.Problem.Kind.Equals(problem, StringComparison.OrdinalIgnoreCase));

    /// <summary>The case with this name.</summary>
    public static SnapshotCase Named(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"No snapshot case is named '{name}'.", nameof(name));
}
