using System.CommandLine;
using System.Globalization;
using OptimizerLab.Analysis;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Cli.Commands;

/// <summary>
/// Checks the lab's rebound forecast against measured runs over a grid (optimizers × lr × eps × weight decay × schedules
/// × seeds) on the seed problem: per optimizer, how often the rebound-or-not verdict made at the plateau is right and how
/// many rebounds were forecast within the tolerance, and the worst cases.
/// </summary>
internal sealed class ValidatePredictionsCommand() : LabCommand(
    "validate-predictions", "Checks the rebound forecast made at the plateau against measured runs over a grid: verdict accuracy and forecast error per optimizer")
{
    private readonly Option<string> _optimizers = new("--optimizers") { Description = "Optimizers, comma-separated", DefaultValueFactory = _ => "adam,amsgrad,adamw,adamax,radam,nadam,rmsprop,sgd" };
    private readonly Option<string> _lr = new("--lr") { Description = "Learning rates, comma-separated", DefaultValueFactory = _ => "1e-3,3e-4" };
    private readonly Option<string> _eps = new("--eps") { Description = "eps values, comma-separated (for optimizers that have eps)", DefaultValueFactory = _ => "1e-8,0.03" };
    private readonly Option<string> _weightDecay = new("--weight-decay") { Description = "weight_decay values, comma-separated", DefaultValueFactory = _ => "0,0.01" };

    private readonly Option<string[]> _settings = new("--set")
    {
        Description = "Another option as an axis, NAME=V1,V2,… by its torch name (repeatable); like eps, it applies to the optimizers that have it, e.g. --set alpha=0.999",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string[]> _schedules = new("--schedule")
    {
        Description = "A schedule NAME[:name=value,…] as run takes it, or none (repeatable)",
        DefaultValueFactory = _ => ["none", "steplr:step_size=1000,gamma=0.5"],
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _seeds = new("--seeds") { Description = "Seeds: a list and/or ranges (default: seeds no test uses)", DefaultValueFactory = _ => "100..102" };
    private readonly Option<int> _steps = new Option<int>("--steps")
    {
        Description = "The horizon of the rebound-or-not verdict; each run goes on to horizon/(1 - tolerance), so every rebound a forecast before the horizon could be within the tolerance of is measured",
        DefaultValueFactory = _ => 5000,
    }.WholeNumber(1, 10_000_000);
    private readonly Option<string> _precision = new("--precision") { Description = "float32 or float64", DefaultValueFactory = _ => "float32" };
    private readonly Option<double> _tolerance = new Option<double>("--tolerance") { Description = "A forecast is good within this fraction of the measured rebound step", DefaultValueFactory = _ => 0.1 }.FiniteNumber(0);
    private readonly Option<int> _worst = new Option<int>("--worst") { Description = "How many worst cases to list", DefaultValueFactory = _ => 5 }.WholeNumber(0, 10_000);
    private readonly Option<string> _by = new Option<string>("--by") { Description = "Score the runs per optimizer or per schedule", DefaultValueFactory = _ => "optimizer" }
        .OneOf("optimizer", "schedule");
    private readonly Option<int> _parallel = new Option<int>("--parallel") { Description = "Runs at a time (0: one per core)", DefaultValueFactory = _ => 0 }.WholeNumber(0, 1024);

    protected override IEnumerable<Symbol> Symbols =>
        [_optimizers, _lr, _eps, _weightDecay, _settings, _schedules, _seeds, _steps, _precision, _tolerance, _worst, _by, _parallel];

    protected override int Execute(ParseResult result, CliContext context)
    {
        double tolerance = result.GetValue(_tolerance);
        int worst = result.GetValue(_worst);
        int parallel = result.GetValue(_parallel);
        int horizon = result.GetValue(_steps);
        var baseSpec = new RunSpec
        {
            Steps = RunLength(horizon, tolerance),
            Precision = ArgumentParsing.Precision(result.GetValue(_precision) ?? "float32"),
            // The forecast needs the power iteration (sharpness on) but is made once, at the plateau: measuring the
            // sharpness and the diagnostics only at step 0 keeps a run near its bare speed.
            SharpnessEvery = int.MaxValue,
            DiagnosticsEvery = int.MaxValue,
        };
        var (points, scheduleOf) = Grid(result, baseSpec);
        context.Error.WriteLine($"validate-predictions: {points.Count} runs of {Int(baseSpec.Steps)} steps, judged at step {Int(horizon)}");
        var runs = Sweep.Run(points, parallel, cancel: context.Cancel);
        var cases = runs.Select(r => new PredictionCase(r.Point.Spec.Optimizer, r.Point.Setting, horizon, r.Result.Summary, r.Result.Prediction,
            r.Result.Failure is not null, tolerance) { Schedule = scheduleOf[r.Point.Setting] }).ToArray();

        bool bySchedule = result.GetValue(_by) == "schedule";
        var stableBecause = bySchedule ? new Dictionary<string, string>() : cases.Where(c => c.Prediction.StableBecause is not null).GroupBy(c => c.Optimizer)
            .ToDictionary(g => g.Key, g => g.First().Prediction.StableBecause!);
        var scores = bySchedule ? PredictionCheck.Score(cases, c => c.Schedule ?? "none") : PredictionCheck.Score(cases);
        Print(context.Out, bySchedule ? "schedule" : "optimizer", scores, PredictionCheck.Worst(cases, worst), tolerance, stableBecause);
        return ExitCodes.Success;
    }

    /// <summary>
    /// How long each run goes on so that every verdict is judged on a measured rebound, not a guessed one: a forecast f
    /// before the horizon H is within the tolerance τ of a rebound r only if r ≤ f/(1 − τ) &lt; H/(1 − τ), so a run of
    /// H/(1 − τ) steps measures every rebound such a forecast could be right about (H·(1 + τ) left those between it and
    /// H/(1 − τ) unmeasured, and a forecast just before the horizon called wrong). A forecast after the horizon is judged
    /// against a rebound before it, which the run measures anyway. With τ ≥ 1 no length suffices; the runs then go on by τ.
    /// </summary>
    internal static int RunLength(int horizon, double tolerance) =>
        (int)Math.Min(int.MaxValue, Math.Ceiling(tolerance < 1 ? horizon / (1 - tolerance) : horizon * (1 + tolerance)));

    /// <summary>Every combination, each optimizer taking only the options it has (SGD has no eps), and each point's schedule by its label.</summary>
    private (IReadOnlyList<SweepPoint> Points, Dictionary<string, string?> ScheduleOf) Grid(ParseResult result, RunSpec baseSpec)
    {
        var optimizers = ArgumentParsing.List(result.GetValue(_optimizers) ?? "", "--optimizers");
        var axes = new List<(string Option, IReadOnlyList<string> Values)>
        {
            ("lr", ArgumentParsing.List(result.GetValue(_lr) ?? "", "--lr")),
            ("eps", ArgumentParsing.List(result.GetValue(_eps) ?? "", "--eps")),
            ("weight_decay", ArgumentParsing.List(result.GetValue(_weightDecay) ?? "", "--weight-decay")),
        };
        foreach (string setting in result.GetValue(_settings) ?? [])
        {
            int equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new UsageException($"--set takes NAME=V1,V2,…; got '{setting}'.");
            axes.Add((setting[..equals].Trim(), ArgumentParsing.List(setting[(equals + 1)..], "--set " + setting[..equals].Trim())));
        }

        var schedules = (result.GetValue(_schedules) ?? []).Select(s => s.Trim()).ToArray();
        var seeds = ArgumentParsing.Seeds(result.GetValue(_seeds) ?? "");
        var points = new List<SweepPoint>();
        var scheduleOf = new Dictionary<string, string?>();
        foreach (string optimizer in optimizers)
        {
            if (!OptimizerCatalog.Contains(optimizer))
                throw new UsageException($"--optimizers: unknown optimizer '{optimizer}'. Known: {string.Join(", ", OptimizerCatalog.Names)}.");
            var own = OptimizerCatalog.Describe(OptimizerCatalog.DefaultOptions(optimizer)).Select(kv => kv.Key).ToHashSet();
            var settings = new List<Dictionary<string, string>> { new() };
            foreach (var (option, values) in axes.Where(a => own.Contains(a.Option)))
                settings = settings.SelectMany(s => values.Select(v => new Dictionary<string, string>(s) { [option] = v })).ToList();
            foreach (var setting in settings)
            {
                var options = setting.Count == 0 ? null : OptimizerCatalog.Options(optimizer, setting);
                foreach (string schedule in schedules)
                {
                    var spec = baseSpec with { Optimizer = optimizer, Options = options };
                    if (!schedule.Equals("none", StringComparison.OrdinalIgnoreCase)) spec = TrainingOptions.WithSchedule(spec, schedule);
                    TrainingOptions.Check(spec);
                    string label = $"{optimizer} {string.Join(" ", setting.Select(kv => $"{kv.Key}={kv.Value}"))}" + (spec.Schedule is null ? "" : $" {schedule}");
                    foreach (ulong seed in seeds)
                    {
                        string name = string.Create(CultureInfo.InvariantCulture, $"{label} seed={seed}");
                        points.Add(new SweepPoint(name, spec with { Seed = seed, Label = optimizer }));
                        scheduleOf[name] = spec.Schedule is null ? null : schedule;
                    }
                }
            }
        }

        return (points, scheduleOf);
    }

    private static void Print(TextWriter output, string groupedBy, IReadOnlyList<PredictionScore> scores, IReadOnlyList<PredictionCase> worst, double tolerance,
        IReadOnlyDictionary<string, string> stableBecause)
    {
        string within = F($"within {tolerance:P0}");
        output.WriteLine($"| {groupedBy} | runs | failed | plateau | forecast | verdict right | rebounds | {within} | worst error |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in scores)
        {
            if (s.Forecasts == 0)
            {
                string why = s.Plateaus == 0 ? "no plateau, nothing to forecast"
                    : stableBecause.TryGetValue(s.Group, out string? because) ? $"no rebound possible: {because}" : "no forecast made";
                output.WriteLine(F($"| {s.Group} | {s.Runs} | {s.Failed} | {s.Plateaus} | 0 | {why} | | | |"));
                continue;
            }

            string good = s.Rebounds == 0 ? "–" : F($"{s.WithinTolerance}/{s.Rebounds} ({(double)s.WithinTolerance / s.Rebounds:P0})");
            string error = s.WorstError is double e ? F($"{e:P1}") : "–";
            output.WriteLine(F($"| {s.Group} | {s.Runs} | {s.Failed} | {s.Plateaus} | {s.Forecasts} | {s.VerdictsRight}/{s.Forecasts} ({(double)s.VerdictsRight / s.Forecasts:P0}) | {s.Rebounds} | {good} | {error} |"));
        }

        if (worst.Count == 0) return;
        output.WriteLine();
        output.WriteLine("Worst cases:");
        foreach (var c in worst)
        {
            string forecast = c.Prediction.ForecastStep is int f ? Int(f) : "none";
            string measured = c.Summary.ReboundStep is int r ? Int(r) : F($"none by {Int(c.Steps)}");
            string error = c.RelativeError is double e ? F($", off by {e:P1}") : "";
            output.WriteLine($"- {c.Setting}: plateau {Step(c.Summary.PlateauStep)}, forecast {forecast}, measured {measured}{error}{(c.VerdictRight ? "" : " (wrong verdict)")}");
        }
    }
}
