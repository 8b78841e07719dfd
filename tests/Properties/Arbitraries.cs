using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties;

/// <summary>
/// An over-parameterised least-squares problem (a linear layer with bias, sum of squares, full batch), small enough that
/// thousands of steps cost milliseconds even in a Debug build: N rows, D_in ≥ 2N inputs, data from <see cref="Seed"/>.
/// </summary>
/// <remarks>
/// D_in ≥ 2N keeps [X 1] well conditioned (its squared singular values lie within ((√D ± √N)²), a ratio ≤ 34), so full-batch
/// Adam reaches the near-zero plateau in a few hundred steps, as in the seed question.
/// </remarks>
public sealed record LeastSquaresCase(ulong Seed, int Rows, int Inputs)
{
    /// <summary>Builds the problem in precision T.</summary>
    public LeastSquaresProblem<T> Build<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        LeastSquaresProblem<T>.Seeded(Seed, Rows, Inputs, outputs: 1);

    /// <summary>Number of trainable values (weights and the bias).</summary>
    public int ParameterCount => Inputs + 1;

    /// <inheritdoc />
    public override string ToString() => $"least squares N={Rows} D_in={Inputs} (+bias) seed={Seed}";
}

/// <summary>Adam with default betas and eps on an over-parameterised problem at a learning rate from a grid.</summary>
public sealed record ReboundCase(LeastSquaresCase Problem, double Lr)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Problem}, lr={Lr:R}");
}

/// <summary>The same problem continued from Adam's plateau state with the learning rate divided by <see cref="Ratio"/>.</summary>
public sealed record LrDelayCase(LeastSquaresCase Problem, double Lr, int Ratio)
{
    /// <summary>The smaller learning rate.</summary>
    public double SmallerLr => Lr / Ratio;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Problem}, lr1={Lr:R}, lr2=lr1/{Ratio}");
}

/// <summary>Adam whose eps is <see cref="Factor"/> times the safe eps lr·λ_max(H)/threshold of its problem.</summary>
public sealed record EpsCase(LeastSquaresCase Problem, double Lr, double Factor)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Problem}, lr={Lr:R}, eps={Factor:R}×safe eps");
}

/// <summary>One of the lab's optimizers with torch-named settings, on a small problem, in one precision.</summary>
public sealed record OptimizerCase(string Optimizer, IReadOnlyDictionary<string, string> Settings, LeastSquaresCase Problem, Precision Precision)
{
    /// <summary>The settings as torch writes them.</summary>
    public string SettingsText => string.Join(" ", Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));

    /// <inheritdoc />
    public override string ToString() => $"{Optimizer}({SettingsText}) {Precision} on {Problem}";
}

/// <summary>A whole training run: optimizer case, optional schedule and clipping, full batch or minibatches, a number of steps.</summary>
public sealed record RunCase(OptimizerCase Optimizer, string? Schedule, IReadOnlyDictionary<string, string> ScheduleSettings,
    double? ClipNorm, double? ClipValue, int? Batch, int Steps)
{
    /// <summary>The problem, with the case's batch size.</summary>
    public LeastSquaresProblem<T> Build<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        LeastSquaresProblem<T>.Seeded(Optimizer.Problem.Seed, Optimizer.Problem.Rows, Optimizer.Problem.Inputs, outputs: 1, batchSize: Batch);

    /// <summary>The case as a lab run spec (same problem, optimizer, schedule, clipping and precision).</summary>
    public RunSpec Spec(int diagnosticsEvery = 1, int sharpnessEvery = 10)
    {
        var problem = new Dictionary<string, string>
        {
            ["n"] = Optimizer.Problem.Rows.ToString(CultureInfo.InvariantCulture),
            ["d_in"] = Optimizer.Problem.Inputs.ToString(CultureInfo.InvariantCulture),
        };
        if (Batch is int batch) problem["batch"] = batch.ToString(CultureInfo.InvariantCulture);
        return new RunSpec
        {
            Label = "property",
            Problem = new ProblemSpec("seed", problem),
            Seed = Optimizer.Problem.Seed,
            Optimizer = Optimizer.Optimizer,
            Options = OptimizerCatalog.Options(Optimizer.Optimizer, Optimizer.Settings),
            Schedule = Schedule,
            ScheduleSettings = ScheduleSettings,
            ClipNorm = ClipNorm,
            ClipValue = ClipValue,
            Precision = Optimizer.Precision,
            Steps = Steps,
            DiagnosticsEvery = diagnosticsEvery,
            SharpnessEvery = sharpnessEvery,
        };
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Optimizer}; schedule {(Schedule is null ? "none" : $"{Schedule}({string.Join(" ", ScheduleSettings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))})")}; " +
        $"clip_norm={ClipNorm?.ToString("R", CultureInfo.InvariantCulture) ?? "none"} clip_value={ClipValue?.ToString("R", CultureInfo.InvariantCulture) ?? "none"}; " +
        $"batch={Batch?.ToString(CultureInfo.InvariantCulture) ?? "full"}; {Steps} steps");
}

/// <summary>Full-batch SGD without momentum at lr = <see cref="Fraction"/>/λ_max(H) on an over-parameterised least-squares problem.</summary>
public sealed record SgdCase(LeastSquaresCase Problem, double Fraction, Precision Precision)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Problem}, lr={Fraction:R}/L, {Precision}");
}

/// <summary>A random convex quadratic ½(x − x*)ᵀH(x − x*): eigenvalues 10^(k/10) for the given k, rotated or axis-aligned.</summary>
public sealed record QuadraticCase(int[] EigenvalueExponents, bool Rotate, ulong Seed)
{
    /// <summary>The eigenvalues of H, between 0.1 and 10.</summary>
    public double[] Eigenvalues => EigenvalueExponents.Select(k => Math.Pow(10, k / 10.0)).ToArray();

    /// <summary>Builds the problem in precision T.</summary>
    public QuadraticProblem<T> Build<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => new(Eigenvalues, Seed, Rotate);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"quadratic D={EigenvalueExponents.Length} eigenvalues [{string.Join(", ", Eigenvalues.Select(l => l.ToString("G3", CultureInfo.InvariantCulture)))}] {(Rotate ? "rotated" : "axis-aligned")} seed={Seed}");
}

/// <summary>A scale c = 2^<see cref="Exponent"/>: multiplying by it is exact in float and double, so invariances hold bit for bit.</summary>
public sealed record PowerOfTwo(int Exponent)
{
    /// <summary>c.</summary>
    public double Value => Math.ScaleB(1.0, Exponent);

    /// <inheritdoc />
    public override string ToString() => $"c=2^{Exponent}";
}

/// <summary>
/// Every FsCheck generator of the property tests, bounded to the ranges where each property is meant to hold, with shrinkers
/// that move a failing case towards fewer rows and inputs, seed 0 and the fastest learning rate, so a counterexample reads small.
/// Register with <c>[SeededProperty(Arbitrary = [typeof(Arbitraries)])]</c>.
/// </summary>
public static class Arbitraries
{
    /// <summary>Learning rates for rebound runs: large enough that the rebound comes within a few thousand steps.</summary>
    public static readonly double[] ReboundLearningRates = [1e-2, 5e-3];

    /// <summary>Over-parameterised least squares, N in 8…12, D_in in 2N…48.</summary>
    public static Arbitrary<LeastSquaresCase> LeastSquares() => Arb.From(LeastSquaresGen, ShrinkLeastSquares);

    /// <summary>Adam rebound cases.</summary>
    public static Arbitrary<ReboundCase> Rebound() => Arb.From(ReboundGen, ShrinkRebound);

    /// <summary>Learning-rate pairs lr1 ∈ {1e-2, 5e-3}, lr2 = lr1/r with r ∈ {2, 4, 10}.</summary>
    public static Arbitrary<LrDelayCase> LrDelay() => Arb.From(
        from problem in LeastSquaresGen
        from lr in Gen.Elements(1e-2, 5e-3)
        from ratio in Gen.Elements(2, 4, 10)
        select new LrDelayCase(problem, lr, ratio),
        c => ShrinkLeastSquares(c.Problem).Select(p => c with { Problem = p })
            .Concat(c.Ratio != 10 ? [c with { Ratio = 10 }] : []));

    /// <summary>Eps at 1.25–4 times the safe eps (no rebound) or at 1/4–1/100 of it (rebound).</summary>
    public static Arbitrary<EpsCase> Eps() => Arb.From(
        from problem in LeastSquaresGen
        from lr in Gen.Elements(ReboundLearningRates)
        from factor in Gen.Elements(1.25, 2.0, 4.0, 0.25, 0.1, 0.01)
        select new EpsCase(problem, lr, factor),
        c => ShrinkLeastSquares(c.Problem).Select(p => c with { Problem = p })
            .Concat(c.Lr != ReboundLearningRates[0] ? [c with { Lr = ReboundLearningRates[0] }] : []));

    /// <summary>lr as a fraction of 1/L up to 1 (the monotone regime the descent lemma guarantees), in both precisions.</summary>
    public static Arbitrary<SgdCase> Sgd() => Arb.From(
        from problem in LeastSquaresGen
        from fraction in Gen.Elements(1.0, 0.9, 0.5, 0.1)
        from precision in Gen.Elements(Precision.Float32, Precision.Float64)
        select new SgdCase(problem, fraction, precision),
        c => ShrinkLeastSquares(c.Problem).Select(p => c with { Problem = p }).Concat(c.Fraction != 1 ? [c with { Fraction = 1 }] : []));

    /// <summary>Convex quadratics of dimension 2…16 with condition number up to 100.</summary>
    public static Arbitrary<QuadraticCase> Quadratics() => Arb.From(
        from d in Gen.Choose(2, 16)
        from exponents in Gen.ArrayOf(Gen.Choose(-10, 10), d)
        from rotate in Gen.Elements(true, false)
        from seed in Gen.Choose(0, 9999)
        select new QuadraticCase(exponents, rotate, (ulong)seed),
        c => (c.EigenvalueExponents.Length > 2 ? new[] { c with { EigenvalueExponents = c.EigenvalueExponents[..^1] } } : [])
            .Concat(c.Seed > 0 ? [c with { Seed = 0 }] : [])
            .Concat(c.Rotate ? [c with { Rotate = false }] : []));

    /// <summary>Steps of a <see cref="RunCase"/>: enough for every schedule to change the learning rate several times.</summary>
    public const int RunSteps = 60;

    /// <summary>Runs of every optimizer, with or without each schedule, clipping and minibatches.</summary>
    public static Arbitrary<RunCase> Runs() => Arb.From(
        from optimizer in Optimizers().Generator
        from schedule in Gen.Elements<string?>([null, .. ScheduleNames])
        from scheduleSettings in schedule is null ? Gen.Constant<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>()) : ScheduleSettingsFor(schedule, RunSteps)
        from clipNorm in Gen.Elements<double?>(null, 1.0, 0.1)
        from clipValue in Gen.Elements<double?>(null, null, 0.5)
        from batch in Gen.Elements<int?>(null, null, 3)
        select new RunCase(optimizer, schedule, scheduleSettings, clipNorm, clipValue, batch is int b && b < optimizer.Problem.Rows ? b : null, RunSteps),
        c => ShrinkOptimizer(c.Optimizer).Select(o => c with { Optimizer = o })
            .Concat(c.Schedule is null ? [] : [c with { Schedule = null, ScheduleSettings = new Dictionary<string, string>() }])
            .Concat(c.ClipNorm is null ? [] : [c with { ClipNorm = null }])
            .Concat(c.ClipValue is null ? [] : [c with { ClipValue = null }])
            .Concat(c.Batch is null ? [] : [c with { Batch = null }]));

    /// <summary>The schedules of the catalog.</summary>
    public static readonly string[] ScheduleNames =
        ["steplr", "multisteplr", "exponentiallr", "cosineannealinglr", "linearlr", "cycliclr", "onecyclelr", "reducelronplateau"];

    /// <summary>Torch-named settings per schedule, sized so that the learning rate changes within <paramref name="steps"/> steps.</summary>
    public static Gen<IReadOnlyDictionary<string, string>> ScheduleSettingsFor(string name, int steps)
    {
        static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        static Gen<IReadOnlyDictionary<string, string>> D(Gen<Dictionary<string, string>> gen) => gen.Select(d => (IReadOnlyDictionary<string, string>)d);
        return name switch
        {
            "steplr" => D(from size in Gen.Choose(1, 20) from gamma in Gen.Elements(0.1, 0.5, 0.9)
                select new Dictionary<string, string> { ["step_size"] = $"{size}", ["gamma"] = F(gamma) }),
            "multisteplr" => D(from a in Gen.Choose(1, steps) from b in Gen.Choose(1, steps) from gamma in Gen.Elements(0.1, 0.5)
                select new Dictionary<string, string> { ["milestones"] = a == b ? $"{a}" : $"{Math.Min(a, b)};{Math.Max(a, b)}", ["gamma"] = F(gamma) }),
            "exponentiallr" => D(from gamma in Gen.Elements(0.9, 0.99) select new Dictionary<string, string> { ["gamma"] = F(gamma) }),
            "cosineannealinglr" => D(from tMax in Gen.Choose(1, 40) from etaMin in Gen.Elements(0.0, 1e-5)
                select new Dictionary<string, string> { ["t_max"] = $"{tMax}", ["eta_min"] = F(etaMin) }),
            "linearlr" => D(from start in Gen.Elements(1.0 / 3, 0.5, 1.0) from end in Gen.Elements(1.0, 0.5, 0.1) from total in Gen.Choose(1, 30)
                select new Dictionary<string, string> { ["start_factor"] = F(start), ["end_factor"] = F(end), ["total_iters"] = $"{total}" }),
            "cycliclr" => D(from up in Gen.Choose(1, 20) from down in Gen.Elements<int?>(null, 5) from mode in Gen.Elements("triangular", "triangular2", "exp_range")
                select new Dictionary<string, string>(down is int d ? [new("step_size_down", $"{d}")] : [])
                {
                    ["base_lr"] = "1e-4", ["max_lr"] = "3e-3", ["step_size_up"] = $"{up}", ["mode"] = mode, ["gamma"] = "0.99",
                }),
            "onecyclelr" => D(from total in Gen.Choose(steps + 1, 3 * steps) from pct in Gen.Elements(0.3, 0.5) from anneal in Gen.Elements("cos", "linear")
                from threePhase in Gen.Elements("false", "true")
                select new Dictionary<string, string>
                {
                    ["max_lr"] = "3e-3", ["total_steps"] = $"{total}", ["pct_start"] = F(pct), ["anneal_strategy"] = anneal, ["three_phase"] = threePhase,
                }),
            "reducelronplateau" => D(from patience in Gen.Choose(0, 5) from factor in Gen.Elements(0.1, 0.5) from cooldown in Gen.Choose(0, 3)
                select new Dictionary<string, string> { ["patience"] = $"{patience}", ["factor"] = F(factor), ["cooldown"] = $"{cooldown}" }),
            _ => throw new ArgumentException($"No settings generator for schedule '{name}': add one when adding a schedule to the catalog."),
        };
    }

    /// <summary>c = 2^k for k in −6…6 without 0, towards ±1.</summary>
    public static Arbitrary<PowerOfTwo> PowersOfTwo() => Arb.From(
        Gen.Choose(-6, 6).Where(k => k != 0).Select(k => new PowerOfTwo(k)),
        c => Math.Abs(c.Exponent) > 1 ? [new PowerOfTwo(Math.Sign(c.Exponent))] : []);

    /// <summary>Every optimizer of the catalog with settings drawn from its meaningful range, on a small problem, in either precision.</summary>
    public static Arbitrary<OptimizerCase> Optimizers() => OptimizersAmong(OptimizerTable.SteppedByGradient);

    /// <summary>Like <see cref="Optimizers"/>, among the named optimizers only (for properties that hold for some).</summary>
    public static Arbitrary<OptimizerCase> OptimizersAmong(params string[] names) => Arb.From(
        from name in Gen.Elements(names)
        from settings in SettingsFor(name)
        from problem in SmallLeastSquaresGen
        from precision in Gen.Elements(Precision.Float32, Precision.Float64)
        select new OptimizerCase(name, settings, problem, precision),
        ShrinkOptimizer);

    /// <summary>
    /// Torch-named settings per optimizer: the learning rate on a grid and each switch that selects another code path
    /// (momentum, nesterov, dampening, centered, amsgrad, weight decay coupled or decoupled, lr decay, …).
    /// </summary>
    public static Gen<IReadOnlyDictionary<string, string>> SettingsFor(string name)
    {
        Gen<string> Of(params string[] values) => Gen.Elements(values);
        Gen<IReadOnlyDictionary<string, string>> Settings(params (string Key, Gen<string> Value)[] entries) =>
            entries.Aggregate(Gen.Constant(ImmutableSettings.Empty), (acc, entry) =>
                from dictionary in acc
                from value in entry.Value
                select value == "" ? dictionary : dictionary.With(entry.Key, value))
            .Select(d => (IReadOnlyDictionary<string, string>)d.ToDictionary());

        return Gen.OneOf(OptimizerTable.Of(name).Settings
            .Select(alternative => Settings(alternative.Select(setting => (setting.Key, Of(setting.Values))).ToArray())));
    }

    /// <summary>Towards fewer settings (each dropped back to its default), float64 and a smaller problem.</summary>
    public static IEnumerable<OptimizerCase> ShrinkOptimizer(OptimizerCase c)
    {
        foreach (var key in c.Settings.Keys.Where(k => k != "lr" && !(k == "momentum" && c.Settings.ContainsKey("nesterov"))))
            yield return c with { Settings = c.Settings.Where(kv => kv.Key != key).ToDictionary() };
        foreach (var problem in ShrinkLeastSquares(c.Problem).Where(p => p.Inputs <= 24)) yield return c with { Problem = problem };
    }

    private static Gen<LeastSquaresCase> SmallLeastSquaresGen =>
        from rows in Gen.Choose(4, 12)
        from inputs in Gen.Choose(2, 24)
        from seed in Gen.Choose(0, 9999)
        select new LeastSquaresCase((ulong)seed, rows, inputs);

    private sealed record ImmutableSettings(IReadOnlyDictionary<string, string> Entries)
    {
        public static ImmutableSettings Empty { get; } = new(new Dictionary<string, string>());

        public ImmutableSettings With(string key, string value) =>
            new(new Dictionary<string, string>(Entries) { [key] = value });

        public Dictionary<string, string> ToDictionary() => new(Entries);
    }

    private static Gen<LeastSquaresCase> LeastSquaresGen =>
        from rows in Gen.Choose(8, 12)
        from inputs in Gen.Choose(2 * rows, 48)
        from seed in Gen.Choose(0, 9999)
        select new LeastSquaresCase((ulong)seed, rows, inputs);

    private static Gen<ReboundCase> ReboundGen =>
        from problem in LeastSquaresGen
        from lr in Gen.Elements(ReboundLearningRates)
        select new ReboundCase(problem, lr);

    private static IEnumerable<ReboundCase> ShrinkRebound(ReboundCase c)
    {
        foreach (var problem in ShrinkLeastSquares(c.Problem)) yield return c with { Problem = problem };
        if (c.Lr != ReboundLearningRates[0]) yield return c with { Lr = ReboundLearningRates[0] };
    }

    /// <summary>Towards N = 8, D_in = 2N and seed 0 (a different problem, but a shorter one to quote).</summary>
    public static IEnumerable<LeastSquaresCase> ShrinkLeastSquares(LeastSquaresCase c)
    {
        if (c.Seed > 0) yield return c with { Seed = 0 };
        if (c.Seed > 1) yield return c with { Seed = c.Seed / 2 };
        if (c.Rows > 8) yield return c with { Rows = c.Rows - 1, Inputs = Math.Max(c.Inputs, 2 * (c.Rows - 1)) };
        if (c.Inputs > 2 * c.Rows) yield return c with { Inputs = Math.Max(2 * c.Rows, c.Inputs / 2) };
        if (c.Inputs > 2 * c.Rows + 1) yield return c with { Inputs = c.Inputs - 1 };
    }
}
