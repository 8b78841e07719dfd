using OptimizerLab.TestTable;

namespace OptimizerLab.Snapshots.Cases;

/// <summary>
/// Every snapshot the suite keeps. Adding a case is adding one line: each line gives a float32 and a float64 snapshot,
/// named after its problem, optimizer, settings and precision (<c>Curves/{name}.verified.txt</c>).
/// </summary>
public static class SnapshotCases
{
    private static readonly CaseLine[] Table =
    [
        // Every optimizer of the test table at torch's defaults on each of its snapshot problems: the seed question
        // (least squares, 64 × 1000, sum; SGD's lr 1e-3 is beyond 2/λ_max(H) ≈ 6.6e-4 there, so its snapshot records the
        // divergence), logistic regression (200 × 20, separable, mean BCE: the loss keeps falling as the weights grow) and
        // Rosenbrock (2-D, from (−1.2, 1): at lr 1e-3 Adam needs ~12000 steps to reach the valley's floor).
        .. OptimizerTable.All.SelectMany(entry => entry.SnapshotProblems.Select(problem => AtDefaults(problem, entry.Name))),

        // On the seed question, Adam's notable settings: coupled weight decay, an eps large enough to cap the step (no rebound),
        // a small lr (the rebound comes after ~14000 steps instead of ~3000)…
        Seed("adam", "weight_decay=0.01"),
        Seed("adam", "eps=0.1"),
        Seed("adam", "lr=1e-5", steps: 20000),
        // …SGD at a stable lr, with momentum and with Nesterov momentum…
        Seed("sgd", "lr=1e-4"),
        Seed("sgd", "lr=1e-4 momentum=0.9"),
        Seed("sgd", "lr=1e-4 momentum=0.9 nesterov=true"),
        // …ASGD (torch's default lr 1e-2 diverges here, as SGD's 1e-3 does) at SGD's stable lr, η decaying from it…
        Seed("asgd", "lr=1e-4"),
        // …Adam under each schedule (the snapshot adds the lr used at each step)…
        Seed("adam", schedule: "steplr step_size=1000 gamma=0.5"),
        Seed("adam", schedule: "multisteplr milestones=1000;2500 gamma=0.1"),
        Seed("adam", schedule: "exponentiallr gamma=0.999"),
        Seed("adam", schedule: "cosineannealinglr t_max=5000"),
        Seed("adam", schedule: "linearlr start_factor=0.1 total_iters=500"),
        Seed("adam", schedule: "cycliclr base_lr=1e-4 max_lr=1e-3 step_size_up=500"),
        Seed("adam", schedule: "onecyclelr max_lr=1e-3 total_steps=5000"),
        Seed("adam", schedule: "reducelronplateau"),
        Seed("adam", schedule: "constantlr factor=0.5 total_iters=1000"),
        Seed("adam", schedule: "polynomiallr total_iters=5000 power=2"),
        Seed("adam", schedule: "cosineannealingwarmrestarts t_0=500 t_mult=2"),
        Seed("adam", schedule: "swalr swa_lr=1e-4 anneal_epochs=1000"),
        Seed("adam", schedule: "sequentiallr schedules=linearlr(start_factor=0.1;total_iters=500)+cosineannealinglr(t_max=4500) milestones=500"),
        Seed("adam", schedule: "chainedscheduler schedules=constantlr(factor=0.5;total_iters=1000)+exponentiallr(gamma=0.9995)"),
        // …and gradient clipping, the other remedy the question was offered.
        Seed("adam", clip: "clip_norm=1"),

        // Logistic regression and Rosenbrock: SGD's momentum paths, Adam's decay and large eps.
        Logistic("sgd", "momentum=0.9"),
        Logistic("sgd", "momentum=0.9 nesterov=true"),
        Rosenbrock("sgd", "momentum=0.9"),
        Rosenbrock("sgd", "momentum=0.9 nesterov=true"),
        Rosenbrock("adam", "weight_decay=0.01"),
        Rosenbrock("adam", "eps=0.1"),
    ];

    private static CaseLine AtDefaults(string problem, string optimizer) => problem switch
    {
        "seed" => Seed(optimizer),
        "logistic" => Logistic(optimizer),
        "rosenbrock" => Rosenbrock(optimizer),
        _ => throw new ArgumentException($"No snapshot problem '{problem}' (OptimizerTable entry of {optimizer})."),
    };

    private static CaseLine Seed(string optimizer, string settings = "", int steps = 5000, string schedule = "", string clip = "") =>
        new("seed", optimizer, settings, steps, schedule, clip);

    private static CaseLine Logistic(string optimizer, string settings = "", int steps = 1000) => new("logistic", optimizer, settings, steps);

    private static CaseLine Rosenbrock(string optimizer, string settings = "", int steps = 20000) => new("rosenbrock", optimizer, settings, steps);

    /// <summary>All cases, in table order.</summary>
    public static IReadOnlyList<SnapshotCase> All { get; } = Table.SelectMany(line => line.Expand()).ToArray();

    /// <summary>The table's lines by name (a case name without its precision), each with its float32 and float64 case.</summary>
    public static IReadOnlyList<(string Line, SnapshotCase Float32, SnapshotCase Float64)> Lines { get; } =
        All.Chunk(2).Select(twins => (twins[0].Name[..^4], twins[0], twins[1])).ToArray();

    /// <summary>The cases on one problem, for a test class per problem (xunit runs classes in parallel).</summary>
    public static IEnumerable<SnapshotCase> OnProblem(string problem) =>
        All.Where(c => c.Spec.Problem.Kind.Equals(problem, StringComparison.OrdinalIgnoreCase));

    /// <summary>The case with this name.</summary>
    public static SnapshotCase Named(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"No snapshot case is named '{name}'.", nameof(name));
}
