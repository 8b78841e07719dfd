using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using OptimizerLab.Lab;
using OptimizerLab.Problems;

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

/// <summary>
/// Every FsCheck generator of the property tests, bounded to the ranges where each property is meant to hold, with shrinkers
/// that move a failing case towards fewer rows and inputs, seed 0 and the fastest learning rate, so a counterexample reads small.
/// Register with <c>[Property(Arbitrary = [typeof(Arbitraries)])]</c>.
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
