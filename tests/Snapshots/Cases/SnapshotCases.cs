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
        Seed("adam"),
        Seed("adamw"),
        Seed("amsgrad"),
        // …and Adam's notable settings: coupled weight decay, an eps large enough to cap the step (no rebound),
        // a small lr (the rebound comes after ~14000 steps instead of ~3000).
        Seed("adam", "weight_decay=0.01"),
        Seed("adam", "eps=0.1"),
        Seed("adam", "lr=1e-5", steps: 20000),

        // Rosenbrock (2-D, from (−1.2, 1)): at lr 1e-3 Adam needs ~12000 steps to reach the valley's floor.
        Rosenbrock("adam"),
        Rosenbrock("adamw"),
        Rosenbrock("amsgrad"),
    ];

    private static CaseLine Seed(string optimizer, string settings = "", int steps = 5000) => new("seed", optimizer, settings, steps);

    private static CaseLine Rosenbrock(string optimizer, string settings = "", int steps = 20000) => new("rosenbrock", optimizer, settings, steps);

    /// <summary>All cases, in table order.</summary>
    public static IReadOnlyList<SnapshotCase> All { get; } = Table.SelectMany(line => line.Expand()).ToArray();

    /// <summary>The cases on one problem, for a test class per problem (xunit runs classes in parallel).</summary>
    public static IEnumerable<SnapshotCase> OnProblem(string problem) =>
        All.Where(c => c.Spec.Problem.Kind.Equals(problem, StringComparison.OrdinalIgnoreCase));

    /// <summary>The case with this name.</summary>
    public static SnapshotCase Named(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"No snapshot case is named '{name}'.", nameof(name));
}
