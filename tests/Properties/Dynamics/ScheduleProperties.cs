using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Property 11a: each schedule's learning-rate sequence matches its closed form (torch's documented formulas). The
/// chainable schedules (StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, LinearLR, as torch) compute each lr from the
/// previous one, so rounding accumulates: a few ulps of the base lr per step. CyclicLR and OneCycleLR evaluate their
/// closed form directly: a few ulps in all. ReduceLROnPlateau, fed a metric that never improves, cuts the lr by its factor
/// after patience + 1 bad steps and then every cooldown + patience + 1 steps.
/// </summary>
public class ScheduleProperties
{
    private const int Steps = Arbitraries.RunSteps;

    /// <summary>Each chainable step is a handful of operations, each off by at most half an ulp of its result (≤ base lr here).</summary>
    private const double UlpsPerStep = 8;

    private static readonly double Unit = Math.ScaleB(1, -52);

    [SeededProperty(Cases = 60)]
    public Property Every_schedule_follows_its_closed_form() => Prop.ForAll(
        (from name in Gen.Elements(Arbitraries.ScheduleNames)
         from settings in Arbitraries.ScheduleSettingsFor(name, Steps)
         from lr in Gen.Elements(1e-3, 0.1, 1.0)
         select new ScheduleCase(name, settings, lr)).ToArbitrary(),
        c => Follows(c.Name, c.Settings, c.Lr));

    /// <summary>A schedule with its torch-named settings on an optimizer starting at <see cref="Lr"/>.</summary>
    public sealed record ScheduleCase(string Name, IReadOnlyDictionary<string, string> Settings, double Lr)
    {
        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Name}({string.Join(" ", Settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))}) from lr={Lr:R}");
    }

    private static Property Follows(string name, IReadOnlyDictionary<string, string> settings, double baseLr)
    {
        var parameter = new Parameter<double>([1.0]);
        var sgd = new Sgd<double>([parameter], new SgdOptions { Lr = baseLr, Momentum = 0.9 });
        var schedule = ScheduleCatalog.Create(name, settings, sgd);
        var closedForm = ClosedForm(name, settings, baseLr);
        string text = $"{name}({string.Join(" ", settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))}) from lr={baseLr}";
        for (int t = 0; t <= Steps; t++)
        {
            if (t > 0) ScheduleCatalog.Step(schedule, 1.0); // a constant metric: never an improvement after the first
            double actual = sgd.GroupOptions[0].Lr, expected = closedForm(t);
            double scale = Math.Max(Math.Max(baseLr, Math.Abs(expected)), Double(settings, "max_lr", 0));
            double tolerance = UlpsPerStep * (t + 1) * Unit * scale;
            if (!(Math.Abs(actual - expected) <= tolerance))
                return false.Label(string.Create(CultureInfo.InvariantCulture,
                    $"{text}: at step {t} lr = {actual:R}, closed form {expected:R} (difference {actual - expected:G3}, tolerance {tolerance:G3})"));
        }

        return true.Label(text);
    }

    /// <summary>lr after t schedule steps (t = 0: after construction), from torch's documented formulas.</summary>
    private static Func<int, double> ClosedForm(string name, IReadOnlyDictionary<string, string> s, double lr)
    {
        double gamma = Double(s, "gamma", 0.1);
        switch (name)
        {
            case "steplr":
                return t => lr * Math.Pow(gamma, t / (int)Double(s, "step_size", 0));
            case "multisteplr":
            {
                int[] milestones = s["milestones"].Split(';').Select(int.Parse).ToArray();
                return t => lr * Math.Pow(gamma, milestones.Count(m => m <= t));
            }

            case "exponentiallr":
                return t => lr * Math.Pow(gamma, t);
            case "cosineannealinglr":
            {
                double tMax = Double(s, "t_max", 0), etaMin = Double(s, "eta_min", 0);
                return t => etaMin + (lr - etaMin) * (1 + Math.Cos(Math.PI * t / tMax)) / 2;
            }

            case "linearlr":
            {
                double start = Double(s, "start_factor", 1.0 / 3), end = Double(s, "end_factor", 1), total = Double(s, "total_iters", 5);
                return t => lr * (start + (end - start) * Math.Min(t, total) / total);
            }

            case "cycliclr":
            {
                double baseLr = Double(s, "base_lr", 0), maxLr = Double(s, "max_lr", 0), up = Double(s, "step_size_up", 2000);
                double down = s.ContainsKey("step_size_down") ? Double(s, "step_size_down", 0) : up;
                double total = up + down, ratio = up / total;
                string mode = s.TryGetValue("mode", out var m) ? m : "triangular";
                return t =>
                {
                    double cycle = Math.Floor(1 + t / total), x = 1 + t / total - cycle;
                    double height = (maxLr - baseLr) * (x <= ratio ? x / ratio : (x - 1) / (ratio - 1));
                    double scale = mode == "triangular" ? 1 : mode == "triangular2" ? 1 / Math.Pow(2, cycle - 1) : Math.Pow(Double(s, "gamma", 1), t);
                    return baseLr + height * scale;
                };
            }

            case "onecyclelr":
            {
                double maxLr = Double(s, "max_lr", 0), total = Double(s, "total_steps", 0), pct = Double(s, "pct_start", 0.3);
                double initial = maxLr / Double(s, "div_factor", 25), min = initial / Double(s, "final_div_factor", 1e4);
                bool cos = !s.TryGetValue("anneal_strategy", out var a) || a == "cos";
                bool three = s.TryGetValue("three_phase", out var p) && p == "true";
                (double End, double Start, double To)[] phases = three
                    ? [(pct * total - 1, initial, maxLr), (2 * pct * total - 2, maxLr, initial), (total - 1, initial, min)]
                    : [(pct * total - 1, initial, maxLr), (total - 1, maxLr, min)];
                return t =>
                {
                    double startStep = 0;
                    for (int i = 0; i < phases.Length; i++)
                    {
                        if (t <= phases[i].End || i == phases.Length - 1)
                        {
                            double x = (t - startStep) / (phases[i].End - startStep);
                            return cos
                                ? phases[i].To + (phases[i].Start - phases[i].To) / 2 * (Math.Cos(Math.PI * x) + 1)
                                : (phases[i].To - phases[i].Start) * x + phases[i].Start;
                        }

                        startStep = phases[i].End;
                    }

                    throw new InvalidOperationException("unreachable");
                };
            }

            case "reducelronplateau":
            {
                int patience = (int)Double(s, "patience", 10), cooldown = (int)Double(s, "cooldown", 0);
                double factor = Double(s, "factor", 0.1), eps = 1e-8;
                return t =>
                {
                    // Reductions fall on calls patience + 2, then every cooldown + patience + 1; one that would change lr by
                    // eps or less is skipped (torch's rule).
                    int cuts = t >= patience + 2 ? 1 + (t - patience - 2) / (cooldown + patience + 1) : 0;
                    double value = lr;
                    for (int k = 0; k < cuts; k++)
                    {
                        double next = value * factor;
                        if (value - next > eps) value = next;
                    }

                    return value;
                };
            }

            default:
                throw new ArgumentException($"No closed form for schedule '{name}': add one when adding a schedule to the catalog.");
        }
    }

    private static double Double(IReadOnlyDictionary<string, string> s, string key, double fallback) =>
        s.TryGetValue(key, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
