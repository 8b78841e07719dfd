using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;
using OptimizerLab.Properties.Gate;
using OptimizerLab.TestTable;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Property 7: invariances of the update rules, each exact to the bit because the transformation is exact in floating point
/// (scaling by 2^k, negation, multiplication by 0).
/// </summary>
public class InvarianceProperties
{
    private const int Steps = 40;

    /// <summary>Optimizers whose update divides the gradient by a root mean square of gradients, plus eps.</summary>
    private static readonly string[] Adaptive = OptimizerTable.Where(e => e.NotScaleInvariantUpToEps is null);

    /// <summary>Optimizers without momentum when momentum is 0: the update is a multiple of the current gradient.</summary>
    private static readonly string[] MomentumFree = OptimizerTable.Where(e => e.MomentumFree);

    public static TheoryData<string, Precision> AdaptiveRows() => FixedOptimizerCases.Rows(Adaptive);

    public static TheoryData<string, Precision> MomentumFreeRows() => FixedOptimizerCases.Rows(MomentumFree);

    public static TheoryData<string, Precision> AllRows() => FixedOptimizerCases.Rows();

    /// <summary>Optimizers whose every update is lr times something (the table says which are not, and why).</summary>
    private static readonly string[] FrozenByLrZero = OptimizerTable.Where(e => e.LrZeroMoves is null);

    public static TheoryData<string, Precision> LrZeroRows() => FixedOptimizerCases.Rows(FrozenByLrZero);

    /// <summary>Optimizers that a zero gradient at the first step leaves in place (the table says which move anyway, and why).</summary>
    private static readonly string[] StillAtZeroGradient = OptimizerTable.Where(e => e.ZeroGradientMoves is null);

    public static TheoryData<string, Precision> ZeroGradientRows() => FixedOptimizerCases.Rows(StillAtZeroGradient);

    [Theory]
    [MemberData(nameof(AdaptiveRows))]
    public void Adaptive_optimizers_see_a_loss_scaled_by_c_only_through_eps_in_every_fixed_row(string optimizer, Precision precision) =>
        FixedOptimizerCases.Holds(ScaledLossOfAdaptive(FixedOptimizerCases.For(optimizer, precision), new PowerOfTwo(5)));

    [Theory]
    [MemberData(nameof(AllRows))]
    public void Maximizing_minus_f_is_minimizing_f_in_every_fixed_row(string optimizer, Precision precision) =>
        FixedOptimizerCases.Holds(Maximizing_minus_f_is_minimizing_f(FixedOptimizerCases.For(optimizer, precision)));

    [Theory]
    [MemberData(nameof(LrZeroRows))]
    public void A_parameter_group_with_lr_0_stays_fixed_in_every_fixed_row(string optimizer, Precision precision) =>
        FixedOptimizerCases.Holds(LrZeroStaysFixed(FixedOptimizerCases.For(optimizer, precision)));

    [Theory]
    [MemberData(nameof(ZeroGradientRows))]
    public void A_zero_gradient_at_the_first_step_changes_nothing_in_every_fixed_row(string optimizer, Precision precision) =>
        FixedOptimizerCases.Holds(ZeroGradientAtTheFirstStep(FixedOptimizerCases.For(optimizer, precision)));

    [SeededProperty(Cases = 20)]
    public Property Adaptive_optimizers_see_a_loss_scaled_by_c_only_through_eps() =>
        Prop.ForAll(Arbitraries.OptimizersAmong(Adaptive), Arbitraries.PowersOfTwo(), ScaledLossOfAdaptive);

    private static Property ScaledLossOfAdaptive(OptimizerCase generated, PowerOfTwo c)
    {
        // Scaling g by c scales m by c, v by c², sqrt(v̂) by c: the step m/(sqrt(v̂) + eps) on c·f is exactly the step on f
        // with eps/c. Coupled L2 decay (g + λθ) and Adagrad's initial accumulator are not scaled, so they are left out.
        var baseCase = generated.With("initial_accumulator_value", null);
        if (Option(baseCase, "decoupled_weight_decay") != "true") baseCase = baseCase.With("weight_decay", "0");
        double eps = OptimizerFactory.Number(baseCase, "eps");
        var reference = baseCase.With("eps", (eps / c.Value).ToString("R", CultureInfo.InvariantCulture));
        return Same(baseCase.Precision == Precision.Float32
            ? Compare<float>(reference, baseCase, gradientScale: c.Value)
            : Compare<double>(reference, baseCase, gradientScale: c.Value), $"{baseCase} on {c}·f vs eps/{c.Value} on f");
    }

    [SeededProperty(Cases = 20)]
    public Property Sgd_on_a_loss_scaled_by_c_moves_like_sgd_with_lr_times_c() =>
        Prop.ForAll(Arbitraries.OptimizersAmong("sgd"), Arbitraries.PowersOfTwo(), ScaledLossOfSgd);

    private static Property ScaledLossOfSgd(OptimizerCase generated, PowerOfTwo c)
    {
        // SGD's update is linear in the gradient (the momentum buffer too), so c·g with lr is c times the update of g: the
        // same as lr·c. Coupled weight decay adds λθ, which is not scaled, so it is left out.
        var sgd = generated.With("weight_decay", "0");
        double lr = OptimizerFactory.Number(sgd, "lr");
        var reference = sgd.With("lr", (lr * c.Value).ToString("R", CultureInfo.InvariantCulture));
        return Same(sgd.Precision == Precision.Float32
            ? Compare<float>(reference, sgd, gradientScale: c.Value)
            : Compare<double>(reference, sgd, gradientScale: c.Value), $"{sgd} on {c}·f vs lr·{c.Value} on f");
    }

    [SeededProperty(Arbitrary = [typeof(Arbitraries)], Cases = 20)]
    public Property Maximizing_minus_f_is_minimizing_f(OptimizerCase generated)
    {
        // maximize negates the gradient first; the gradient of −f is −g exactly, so every later operation sees the same g.
        var minimize = generated.With("maximize", null);
        var maximize = generated.With("maximize", "true");
        return Same(generated.Precision == Precision.Float32
            ? Compare<float>(minimize, maximize, gradientScale: -1)
            : Compare<double>(minimize, maximize, gradientScale: -1), $"{maximize} on −f vs {minimize} on f");
    }

    [SeededProperty(Cases = 20)]
    public Property A_parameter_group_with_lr_0_stays_fixed() =>
        Prop.ForAll(Arbitraries.OptimizersAmong(FrozenByLrZero), LrZeroStaysFixed);

    // Every update is lr times something (decoupled decay is θ·(1 − lr·λ)): with lr = 0 it is ±0 and θ ± 0 = θ.
    private static Property LrZeroStaysFixed(OptimizerCase c) =>
        c.Precision == Precision.Float32 ? FrozenGroup<float>(c) : FrozenGroup<double>(c);

    [SeededProperty(Cases = 20)]
    public Property A_zero_gradient_at_the_first_step_changes_nothing() =>
        Prop.ForAll(Arbitraries.OptimizersAmong(StillAtZeroGradient), ZeroGradientAtTheFirstStep);

    private static Property ZeroGradientAtTheFirstStep(OptimizerCase generated)
    {
        // Without weight decay a zero gradient moves a parameter only through momentum, and at the first step every buffer is empty.
        var c = generated.WithoutWeightDecay();
        return c.Precision == Precision.Float32 ? ZeroGradient<float>(c, firstStep: true) : ZeroGradient<double>(c, firstStep: true);
    }

    [SeededProperty(Cases = 20)]
    public Property A_zero_gradient_without_momentum_or_decay_changes_nothing_at_any_step() =>
        Prop.ForAll(Arbitraries.OptimizersAmong(MomentumFree), generated =>
        {
            // SGD, RMSprop without momentum, Adagrad and Adadelta move each parameter by a multiple of its current gradient.
            var c = generated.WithoutWeightDecay().With("nesterov", null).With("dampening", null);
            if (c.Optimizer is "sgd" or "rmsprop") c = c.With("momentum", "0");
            return c.Precision == Precision.Float32 ? ZeroGradient<float>(c, firstStep: false) : ZeroGradient<double>(c, firstStep: false);
        });

    private static string Option(OptimizerCase c, string key) =>
        OptimizerCatalog.Describe(OptimizerFactory.Options(c)).FirstOrDefault(kv => kv.Key == key).Value ?? "";

    /// <summary>Runs <paramref name="reference"/> on f and <paramref name="scaled"/> on the loss whose gradient is scale·∇f; returns the first step where the parameters differ, or null.</summary>
    private static string? Compare<T>(OptimizerCase reference, OptimizerCase scaled, double gradientScale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = reference.Problem.Build<T>();
        var b = scaled.Problem.Build<T>();
        var optA = OptimizerFactory.Create(reference, a.Parameters);
        var optB = OptimizerFactory.Create(scaled, b.Parameters);
        T factor = T.CreateTruncating(gradientScale);
        for (int t = 0; t < Steps; t++)
        {
            double lossA = a.LossAndGradient(), lossB = b.LossAndGradient();
            if (!double.IsFinite(lossA) || !double.IsFinite(lossB))
            {
                // A large c·lr can make SGD diverge; the two runs must then overflow together.
                return double.IsFinite(lossA) == double.IsFinite(lossB)
                    ? null
                    : string.Create(CultureInfo.InvariantCulture, $"step {t}: one run overflowed (losses {lossA:R} / {lossB:R})");
            }

            foreach (var p in b.Parameters)
            {
                for (int i = 0; i < p.Length; i++) p.Grad[i] *= factor;
            }

            optA.Step();
            optB.Step();
            for (int k = 0; k < a.Parameters.Count; k++)
            {
                int i = FirstDifference(a.Parameters[k].Value, b.Parameters[k].Value);
                if (i >= 0)
                    return string.Create(CultureInfo.InvariantCulture,
                        $"step {t}: {a.Parameters[k].Name}[{i}] = {a.Parameters[k].Value[i]} vs {b.Parameters[k].Value[i]} (losses {lossA:R} / {lossB:R})");
            }
        }

        return null;
    }

    private static Property FrozenGroup<T>(OptimizerCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = (LeastSquaresProblem<T>)c.Problem.Build<T>();
        var moving = OptimizerFactory.Options(c);
        var frozen = OptimizerFactory.Options(c);
        frozen.Lr = 0;
        var optimizer = OptimizerFactory.Create<T>(c.Optimizer, [([problem.Weight], moving), ([problem.Bias!], frozen)]);
        T[] bias = problem.Bias!.Value.ToArray();
        T[] weight = problem.Weight.Value.ToArray();
        for (int t = 0; t < Steps; t++)
        {
            problem.LossAndGradient();
            optimizer.Step();
        }

        bool biasFixed = FirstDifference(bias, problem.Bias.Value) < 0;
        bool weightMoved = FirstDifference(weight, problem.Weight.Value) >= 0;
        return biasFixed.Label($"{c}: the lr = 0 group (bias) kept its value {bias[0]}, now {problem.Bias.Value[0]}")
            .And(weightMoved.Label($"{c}: the other group (weight) moved, so the steps were taken"));
    }

    private static Property ZeroGradient<T>(OptimizerCase c, bool firstStep) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = c.Problem.Build<T>();
        var optimizer = OptimizerFactory.Create(c, problem.Parameters);
        int before = firstStep ? 0 : 1 + (int)(c.Problem.Seed % 30);
        for (int t = 0; t < before; t++)
        {
            problem.LossAndGradient();
            optimizer.Step();
        }

        var values = problem.Parameters.Select(p => p.Value.ToArray()).ToArray();
        foreach (var p in problem.Parameters) p.ZeroGrad();
        optimizer.Step();
        for (int k = 0; k < values.Length; k++)
        {
            int i = FirstDifference(values[k], problem.Parameters[k].Value);
            if (i >= 0)
                return false.Label(string.Create(CultureInfo.InvariantCulture,
                    $"{c}: a zero gradient after {before} steps moved {problem.Parameters[k].Name}[{i}] from {values[k][i]} to {problem.Parameters[k].Value[i]}"));
        }

        return true.Label("unchanged");
    }

    private static int FirstDifference<T>(T[] a, T[] b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (!a[i].Equals(b[i])) return i;
        }

        return -1;
    }

    private static Property Same(string? difference, string what) =>
        (difference is null).Label($"{what}: identical for {Steps} steps{(difference is null ? "" : $", but differ at {difference}")}");
}
