using System.CommandLine;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;

namespace OptimizerLab.Cli.Commands;

/// <summary>What a run does around each optimizer step: a learning-rate schedule and gradient clipping.</summary>
internal sealed class TrainingOptions
{
    public Option<string?> Schedule { get; } = new("--schedule")
    {
        Description = "Learning-rate schedule by torch name with its settings, NAME[:name=value,…], e.g. steplr:step_size=1000,gamma=0.5 or " +
                      "cosineannealinglr:t_max=5000 (milestones as 1000;2000; sequentiallr and chainedscheduler take " +
                      "schedules=linearlr(start_factor=0.1;total_iters=100)+cosineannealinglr(t_max=4900)). Known: " +
                      string.Join(", ", ScheduleCatalog.Names.Keys) + ". " + ScheduleCatalog.LibraryOnly + ".",
        HelpName = "name:settings",
    };

    public Option<double?> ClipNorm { get; } =
        new Option<double?>("--clip-norm") { Description = "Clip the gradient's global 2-norm to this before each step (clip_grad_norm_)" }.FiniteNumber(0);

    public Option<double?> ClipValue { get; } =
        new Option<double?>("--clip-value") { Description = "Clip each gradient element to ±this before each step (clip_grad_value_)" }.FiniteNumber(0);

    public IEnumerable<Option> Options => [Schedule, ClipNorm, ClipValue];

    /// <summary>The spec with the schedule and clipping set; the schedule and its settings are checked now, before any run.</summary>
    public RunSpec Apply(ParseResult result, RunSpec spec)
    {
        spec = spec with { ClipNorm = result.GetValue(ClipNorm), ClipValue = result.GetValue(ClipValue) };
        return result.GetValue(Schedule) is { } text ? WithSchedule(spec, text) : spec;
    }

    /// <summary>The spec with the schedule NAME[:name=value,…] (--schedule's syntax); an unknown name is a usage error.</summary>
    public static RunSpec WithSchedule(RunSpec spec, string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = ArgumentParsing.Known("--schedule", "schedule", colon < 0 ? text : text[..colon], ScheduleCatalog.Names.Keys).ToLowerInvariant();
        string[] known = ScheduleCatalog.Names[name].Split(',').Select(part => part.Trim().Split(' ')[0]).ToArray();
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (colon >= 0)
        {
            foreach (string item in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var (key, value) = ArgumentParsing.Setting(item, "--schedule");
                if (!known.Contains(key))
                    throw new UsageException($"--schedule {name}: {name} has no setting '{key}'{Suggestions.Sentence(key, known)}Its settings: {ScheduleCatalog.Names[name]}.");
                if (!settings.TryAdd(key, value)) throw new UsageException($"--schedule {name}: the setting '{key}' is given twice.");
            }
        }

        return spec with { Schedule = name, ScheduleSettings = settings };
    }

    /// <summary>Builds the schedule once on a one-value optimizer of the spec's kind, so that bad settings are usage errors before anything runs.</summary>
    public static void Check(RunSpec spec)
    {
        if (spec.Schedule is null) return;
        var optimizer = OptimizerCatalog.Create<double>(spec.Optimizer, [new Parameter<double>(new double[1], "probe")], spec.NewOptions());
        try
        {
            ScheduleCatalog.Create(spec.Schedule, spec.ScheduleSettings, optimizer);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--schedule {spec.Schedule}: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }
}
