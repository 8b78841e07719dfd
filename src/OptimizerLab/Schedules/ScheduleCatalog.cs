using System.Globalization;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Every schedule by its torch name, built from torch-named text settings (e.g. <c>StepLR step_size=1000 gamma=0.5</c>),
/// for the CLI, sweeps, snapshots and checkpoints. In a lab run each optimizer step is one schedule step;
/// ReduceLROnPlateau is stepped with the step's loss.
/// </summary>
public static class ScheduleCatalog
{
    /// <summary>The names <see cref="Create"/> accepts and the settings each takes.</summary>
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["steplr"] = "step_size (required), gamma (0.1)",
        ["multisteplr"] = "milestones (required, e.g. 1000;2000), gamma (0.1)",
        ["exponentiallr"] = "gamma (required)",
        ["cosineannealinglr"] = "t_max (required), eta_min (0)",
        ["linearlr"] = "start_factor (1/3), end_factor (1), total_iters (5)",
        ["cycliclr"] = "base_lr, max_lr (required), step_size_up (2000), step_size_down, mode (triangular|triangular2|exp_range), gamma (1), cycle_momentum (true), base_momentum (0.8), max_momentum (0.9)",
        ["onecyclelr"] = "max_lr, total_steps (required), pct_start (0.3), anneal_strategy (cos|linear), cycle_momentum (true), base_momentum (0.85), max_momentum (0.95), div_factor (25), final_div_factor (1e4), three_phase (false)",
        ["reducelronplateau"] = "mode (min|max), factor (0.1), patience (10), threshold (1e-4), threshold_mode (rel|abs), cooldown (0), min_lr (0), eps (1e-8)",
        ["constantlr"] = "factor (1/3), total_iters (5)",
        ["polynomiallr"] = "total_iters (5), power (1)",
        ["cosineannealingwarmrestarts"] = "t_0 (required), t_mult (1), eta_min (0)",
        ["swalr"] = "swa_lr (required), anneal_epochs (10), anneal_strategy (cos|linear)",
        ["sequentiallr"] = "schedules (required, e.g. linearlr(start_factor=0.1;total_iters=100)+cosineannealinglr(t_max=4900)), milestones (required, e.g. 100)",
        ["chainedscheduler"] = "schedules (required, e.g. constantlr(factor=0.5)+exponentiallr(gamma=0.999))",
    };

    /// <summary>The schedules of torch that take a C# function and are built in code only: LambdaLR and MultiplicativeLR.</summary>
    public const string LibraryOnly = "LambdaLR and MultiplicativeLR take a C# function and are library-only";

    /// <summary>Builds the schedule on the optimizer; unknown names or settings throw <see cref="ArgumentException"/> naming them.</summary>
    public static ILearningRateSchedule Create(string name, IReadOnlyDictionary<string, string> settings, IOptimizer optimizer)
    {
        var s = new SettingReader(name, settings);
        ILearningRateSchedule schedule = name.ToLowerInvariant() switch
        {
            "steplr" => new StepLR(optimizer, s.Int("step_size"), s.Double("gamma", 0.1)),
            "multisteplr" => new MultiStepLR(optimizer, s.IntList("milestones"), s.Double("gamma", 0.1)),
            "exponentiallr" => new ExponentialLR(optimizer, s.Double("gamma")),
            "cosineannealinglr" => new CosineAnnealingLR(optimizer, s.Int("t_max"), s.Double("eta_min", 0)),
            "linearlr" => new LinearLR(optimizer, s.Double("start_factor", 1.0 / 3), s.Double("end_factor", 1.0), s.Int("total_iters", 5)),
            "cycliclr" => new CyclicLR(optimizer, s.Double("base_lr"), s.Double("max_lr"), s.Int("step_size_up", 2000),
                s.Has("step_size_down") ? s.Int("step_size_down") : null,
                s.Choice("mode", "triangular", new Dictionary<string, CyclicLRMode>() { ["triangular"] = CyclicLRMode.Triangular, ["triangular2"] = CyclicLRMode.Triangular2, ["exp_range"] = CyclicLRMode.ExpRange }),
                s.Double("gamma", 1.0), s.Bool("cycle_momentum", optimizer.GroupOptions[0].CyclicMomentum is not null),
                s.Double("base_momentum", 0.8), s.Double("max_momentum", 0.9)),
            "onecyclelr" => new OneCycleLR(optimizer, s.Double("max_lr"), totalSteps: s.Int("total_steps"), pctStart: s.Double("pct_start", 0.3),
                annealStrategy: s.Choice("anneal_strategy", "cos", new Dictionary<string, AnnealStrategy>() { ["cos"] = AnnealStrategy.Cos, ["linear"] = AnnealStrategy.Linear }),
                cycleMomentum: s.Bool("cycle_momentum", optimizer.GroupOptions[0].CyclicMomentum is not null),
                baseMomentum: s.Double("base_momentum", 0.85), maxMomentum: s.Double("max_momentum", 0.95),
                divFactor: s.Double("div_factor", 25), finalDivFactor: s.Double("final_div_factor", 1e4), threePhase: s.Bool("three_phase", false)),
            "reducelronplateau" => new ReduceLROnPlateau(optimizer,
                s.Choice("mode", "min", new Dictionary<string, PlateauMode>() { ["min"] = PlateauMode.Min, ["max"] = PlateauMode.Max }),
                s.Double("factor", 0.1), s.Int("patience", 10), s.Double("threshold", 1e-4),
                s.Choice("threshold_mode", "rel", new Dictionary<string, ThresholdMode>() { ["rel"] = ThresholdMode.Rel, ["abs"] = ThresholdMode.Abs }),
                s.Int("cooldown", 0), s.Double("min_lr", 0), s.Double("eps", 1e-8)),
            "constantlr" => new ConstantLR(optimizer, s.Double("factor", 1.0 / 3), s.Int("total_iters", 5)),
            "polynomiallr" => new PolynomialLR(optimizer, s.Int("total_iters", 5), s.Double("power", 1.0)),
            "cosineannealingwarmrestarts" => new CosineAnnealingWarmRestarts(optimizer, s.Int("t_0"), s.Int("t_mult", 1), s.Double("eta_min", 0)),
            "swalr" => new SWALR(optimizer, s.Double("swa_lr"), s.Int("anneal_epochs", 10),
                s.Choice("anneal_strategy", "cos", AnnealStrategyNames.ByName)),
            "sequentiallr" => Composite(optimizer, () => new SequentialLR(optimizer, Parts(name, s.Text("schedules"), optimizer), s.IntList("milestones"))),
            "chainedscheduler" => Composite(optimizer, () => new ChainedScheduler(Parts(name, s.Text("schedules"), optimizer), optimizer)),
            _ => throw new ArgumentException($"Unknown schedule '{name}'. Known: {string.Join(", ", Names.Keys)}. {LibraryOnly}."),
        };
        s.RejectUnused(Names[name]);
        return schedule;
    }

    /// <summary>Builds a composite schedule; if it is refused, the rates its parts already set are put back.</summary>
    private static ILearningRateSchedule Composite(IOptimizer optimizer, Func<ILearningRateSchedule> build)
    {
        var before = optimizer.GroupOptions.Select(o => (o.Lr, o.InitialLr)).ToArray();
        try
        {
            return build();
        }
        catch (ArgumentException)
        {
            for (int i = 0; i < before.Length; i++) (optimizer.GroupOptions[i].Lr, optimizer.GroupOptions[i].InitialLr) = before[i];
            throw;
        }
    }

    /// <summary>
    /// The schedules of a <c>schedules</c> setting: <c>name(key=value;key=value)+name(...)</c>. Inside the parentheses an
    /// item without '=' continues the list of the setting before it, so <c>multisteplr(milestones=5;9;gamma=0.5)</c> works.
    /// </summary>
    private static LearningRateSchedule[] Parts(string owner, string text, IOptimizer optimizer) =>
        text.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            int open = part.IndexOf('(', StringComparison.Ordinal);
            if (open >= 0 && !part.EndsWith(')'))
                throw new ArgumentException($"Setting 'schedules' of {owner}: '{part}' must be name(key=value;...).", "schedules");
            string name = (open < 0 ? part : part[..open]).Trim().ToLowerInvariant();
            var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? last = null;
            foreach (string item in open < 0 ? [] : part[(open + 1)..^1].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = item.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0) settings[last = item[..equals].Trim()] = item[(equals + 1)..].Trim();
                else if (last is not null) settings[last] += ";" + item;
                else throw new ArgumentException($"Setting 'schedules' of {owner}: '{item}' in {name} is not key=value.", "schedules");
            }

            if (name is "sequentiallr" or "chainedscheduler" or "reducelronplateau")
                throw new ArgumentException($"Setting 'schedules' of {owner}: {name} cannot be one of its schedules.", "schedules");
            if (!Names.ContainsKey(name))
                throw new ArgumentException($"Setting 'schedules' of {owner}: unknown schedule '{name}'.", "schedules");
            return (LearningRateSchedule)Create(name, settings, optimizer);
        }).ToArray();

    /// <summary>Advances a schedule by one optimizer step; ReduceLROnPlateau takes the step's loss as its metric.</summary>
    public static void Step(ILearningRateSchedule schedule, double loss)
    {
        switch (schedule)
        {
            case ReduceLROnPlateau plateau: plateau.Step(loss); break;
            case IStepwiseSchedule stepwise: stepwise.Step(); break;
            default: throw new InvalidOperationException($"{schedule.Name} cannot be stepped.");
        }
    }
}
