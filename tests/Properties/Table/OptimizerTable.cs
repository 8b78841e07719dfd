namespace OptimizerLab.TestTable;

/// <summary>How an optimizer's weight decay acts by default, and the setting that decouples it where one does.</summary>
public enum WeightDecayKind
{
    /// <summary>No weight_decay option.</summary>
    None,

    /// <summary>torch's L2 form: the gradient plus λ·θ (<see cref="OptimizerEntry.DecoupledBy"/> may switch it).</summary>
    Coupled,

    /// <summary>Always θ·(1 − lr·λ) (AdamW, Lion).</summary>
    Decoupled,
}

/// <summary>One step of an optimizer from settings, parameters θ0 and gradient g to θ1, computed by hand.</summary>
public sealed record HandStep(string Settings, double[] Before, double[] Gradient, double[] After);

/// <summary>
/// One optimizer of the catalog as the generic tests see it (PyTorch's <c>OptimizerInfo</c>): the settings its
/// properties draw from, how its weight decay acts, which generic properties hold for it (and why not, where one does
/// not), and its snapshot problems. A new optimizer is one entry in <see cref="OptimizerTable.All"/>.
/// </summary>
/// <param name="Name">Its catalog name.</param>
/// <param name="Settings">
/// Torch-named settings to draw from, as alternatives (one is picked, then one value per key; "" keeps the default):
/// the learning rate on a grid and each switch that selects another code path.
/// </param>
public sealed record OptimizerEntry(string Name, params (string Key, string[] Values)[][] Settings)
{
    /// <summary>How weight decay acts at the optimizer's defaults.</summary>
    public WeightDecayKind WeightDecay { get; init; } = WeightDecayKind.Coupled;

    /// <summary>The boolean option that makes a coupled decay decoupled (<c>decoupled_weight_decay</c>), or null.</summary>
    public string? DecoupledBy { get; init; }

    /// <summary>
    /// Why a loss scaled by c is not seen only through eps (the step is not m/(sqrt(v̂)+eps)), or null when it is:
    /// Adam, RMSprop, Adagrad and kin.
    /// </summary>
    public string? NotScaleInvariantUpToEps { get; init; }

    /// <summary>
    /// True when, with momentum 0 and no decay, the step is a multiple of the current gradient only, so a zero gradient
    /// changes nothing at any step (SGD, RMSprop, Adagrad, Adadelta).
    /// </summary>
    public bool MomentumFree { get; init; }

    /// <summary>Why lr = 0 does not freeze a group, or null when it does (every update is lr times something).</summary>
    public string? LrZeroMoves { get; init; }

    /// <summary>The snapshot problems the optimizer runs on at its defaults (with their step counts from the snapshot table).</summary>
    public string[] SnapshotProblems { get; init; } = ["seed", "logistic", "rosenbrock"];

    /// <summary>
    /// One step computed by hand from the algorithm (settings, θ0, g, θ1, exact in double), checked by
    /// <c>OptimizerTableTests</c>; for an optimizer whose numbers no torch parity test checks, it is the reference.
    /// </summary>
    public HandStep? FirstStep { get; init; }

    /// <summary>Where its numbers are checked against torch: "TorchSharp", a fixture, or why neither.</summary>
    public required string Parity { get; init; }
}

/// <summary>Every optimizer of the catalog, one entry each; generic tests iterate it.</summary>
public static class OptimizerTable
{
    private static readonly string[] WeightDecay = ["", "0.01"];
    private static readonly string[] Switch = ["", "true"];

    /// <summary>The entries, one per catalog name.</summary>
    public static readonly OptimizerEntry[] All =
    [
        new("adam", [("lr", ["1e-3", "1e-2"]), ("weight_decay", WeightDecay), ("maximize", Switch)])
            { DecoupledBy = "decoupled_weight_decay", Parity = "TorchSharp" },
        new("amsgrad", [("lr", ["1e-3", "1e-2"]), ("weight_decay", WeightDecay), ("maximize", Switch)])
            { DecoupledBy = "decoupled_weight_decay", Parity = "TorchSharp" },
        new("adamw", [("lr", ["1e-3", "1e-2"]), ("weight_decay", ["", "0", "0.1"]), ("amsgrad", Switch)])
            { WeightDecay = WeightDecayKind.Decoupled, Parity = "TorchSharp" },
        new("adamax", [("lr", ["2e-3", "1e-2"]), ("weight_decay", WeightDecay)]) { Parity = "TorchSharp" },
        new("nadam", [("lr", ["2e-3", "1e-2"]), ("weight_decay", WeightDecay), ("decoupled_weight_decay", Switch)])
            { DecoupledBy = "decoupled_weight_decay", Parity = "TorchSharp" },
        new("radam", [("lr", ["1e-3", "1e-2"]), ("weight_decay", WeightDecay), ("decoupled_weight_decay", Switch)])
            { DecoupledBy = "decoupled_weight_decay", NotScaleInvariantUpToEps = "its first steps are SGD with momentum (rho_t <= 5)", Parity = "TorchSharp (its lr departure noted)" },
        new("sgd",
            [("lr", ["1e-3", "3e-3"]), ("momentum", ["", "0.9"]), ("dampening", ["", "0.1"]), ("weight_decay", WeightDecay)],
            [("lr", ["1e-3", "3e-3"]), ("momentum", ["0.9", "0.5"]), ("nesterov", ["true"]), ("weight_decay", WeightDecay)])
            { NotScaleInvariantUpToEps = "its step is linear in the gradient (its own scaling property applies)", MomentumFree = true, Parity = "TorchSharp" },
        new("rmsprop", [("lr", ["1e-3", "1e-2"]), ("alpha", ["", "0.9"]), ("momentum", ["", "0.9"]), ("centered", Switch), ("weight_decay", WeightDecay)])
            { MomentumFree = true, Parity = "TorchSharp" },
        new("adagrad", [("lr", ["1e-2", "1e-1"]), ("lr_decay", ["", "0.01"]), ("initial_accumulator_value", ["", "0.1"]), ("weight_decay", WeightDecay)])
            { MomentumFree = true, Parity = "TorchSharp" },
        new("adadelta", [("lr", ["1.0", "0.5"]), ("rho", ["", "0.95"]), ("weight_decay", WeightDecay)])
            { NotScaleInvariantUpToEps = "eps sits inside both square roots of its ratio", MomentumFree = true, Parity = "TorchSharp" },
        new("lion", [("lr", ["1e-4", "1e-3"]), ("betas", ["", "0.95,0.98"]), ("weight_decay", ["", "0.1"])])
            {
                WeightDecay = WeightDecayKind.Decoupled, NotScaleInvariantUpToEps = "it has no eps: sign(c) ignores any positive scale",
                // θ·(1 − 0.5·0.5) − 0.5·sign(0.1·g) with m0 = 0: 2 → 1.5 − 0.5, −2 → −1.5 + 0.5, 1 → 0.75 (g = 0, sign 0).
                FirstStep = new("lr=0.5 weight_decay=0.5", [2, -2, 1], [0.5, -0.25, 0], [1, -1, 0.75]), Parity = "none: not in torch (DeterminismProperties compares its SIMD runs with its one-lane reference)" },
    ];

    /// <summary>The entry of a catalog name; throws naming the table when an optimizer has none.</summary>
    public static OptimizerEntry Of(string name) =>
        All.SingleOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"Optimizer '{name}' has no entry in OptimizerTable.All (tests/Properties/Table/OptimizerTable.cs): add one.");

    /// <summary>Names of the entries that satisfy <paramref name="holds"/>.</summary>
    public static string[] Where(Func<OptimizerEntry, bool> holds) => All.Where(holds).Select(e => e.Name).ToArray();
}
