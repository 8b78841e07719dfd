using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Property 10: every optimizer descends (PyTorch's "goes the right direction" check) on a random convex quadratic.
/// Every optimizer's first step is lr times a direction s that does not depend on lr (no weight decay here), so the
/// quadratic model gives the best first step exactly: f(x0 + α·s) is least at α* = −(g·s)/(sᵀHs). The suitable lr is the
/// one whose first step covers 1/<see cref="Steps"/> of that: then the first step must lower the loss (g·s &lt; 0 is the
/// right direction), and <see cref="Steps"/> steps of about that size stay inside the region where f decreases.
/// </summary>
public class DescentProperties
{
    private const int Steps = 5;

    public static TheoryData<string, Precision> AllRows() => FixedOptimizerCases.Rows();

    [Theory]
    [MemberData(nameof(AllRows))]
    public void Every_optimizer_descends_on_a_convex_quadratic_in_every_fixed_row(string optimizer, Precision precision) =>
        FixedOptimizerCases.Holds(Every_optimizer_descends_on_a_convex_quadratic_within_a_few_steps(
            FixedOptimizerCases.For(optimizer, precision), new QuadraticCase([-3, 0, 2, 5], Rotate: true, Seed: 3)));

    [SeededProperty(Arbitrary = [typeof(Arbitraries)], Cases = 30)]
    public Property Every_optimizer_descends_on_a_convex_quadratic_within_a_few_steps(OptimizerCase generated, QuadraticCase quadratic)
    {
        var c = generated.WithoutWeightDecay().With("maximize", null);
        return c.Precision == Precision.Float32 ? Descend<float>(c, quadratic) : Descend<double>(c, quadratic);
    }

    private static Property Descend<T>(OptimizerCase c, QuadraticCase q) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The direction of the first step, from a probe at lr = 1.
        var probe = q.Build<T>();
        double[] x0 = probe.Parameters[0].Value.Select(double.CreateTruncating).ToArray();
        double f0 = probe.LossAndGradient();
        double[] g = probe.Parameters[0].Grad.Select(double.CreateTruncating).ToArray();
        OptimizerFactory.Create(c.With("lr", "1"), probe.Parameters).Step();
        double[] s = probe.Parameters[0].Value.Select((v, i) => double.CreateTruncating(v) - x0[i]).ToArray();
        double[] hs = new double[s.Length];
        ((IHessian)probe).Multiply(s, hs);
        double slope = Dot(g, s), curvature = Dot(s, hs);
        double lr = -slope / curvature / Steps;
        string who = $"{c.Optimizer}({c.SettingsText}) {c.Precision}";
        string direction = string.Create(CultureInfo.InvariantCulture, $"first step per unit lr: g·s = {slope:G4}, sᵀHs = {curvature:G4}");
        if (!(slope < 0)) return false.Label($"{who} on {q}: the first step goes uphill ({direction})");

        var problem = q.Build<T>();
        var optimizer = OptimizerFactory.Create(c.With("lr", lr.ToString("R", CultureInfo.InvariantCulture)), problem.Parameters);
        var loss = new double[Steps + 1];
        for (int t = 0; t <= Steps; t++)
        {
            loss[t] = problem.LossAndGradient();
            if (t < Steps) optimizer.Step();
        }

        string report = string.Create(CultureInfo.InvariantCulture,
            $"{who} on {q}: {direction}, suitable lr = α*/{Steps} = {lr:G4}; losses {string.Join(" → ", loss.Select(l => l.ToString("G6", CultureInfo.InvariantCulture)))}");
        return (loss[1] < loss[0]).Label($"the first step lowers the loss: {report}")
            .And((loss[Steps] < loss[0]).Label($"{Steps} steps lower the loss: {report}"));
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
