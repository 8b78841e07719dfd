using System.Globalization;
using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Lab;

/// <summary>
/// Everything that determines a run: problem, optimizer and its options, precision, steps, seed, and what to record.
/// Two runs with equal specs give the same bits.
/// </summary>
public sealed record RunSpec
{
    /// <summary>A short name for tables and file names, e.g. "adam-f32".</summary>
    public string Label { get; init; } = "run";

    /// <summary>The problem (its data come from <see cref="Seed"/>).</summary>
    public ProblemSpec Problem { get; init; } = ProblemSpec.Seed();

    /// <summary>Optimizer name from <see cref="OptimizerCatalog.Names"/>.</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>
    /// The optimizer's options, parsed once where they enter (the CLI, a file), or null for the catalog's defaults of
    /// <see cref="Optimizer"/>. Of the optimizer's options type (<see cref="Validate"/> checks). Kept as a copy: options are
    /// mutable (a schedule changes lr), so a run never changes its spec's.
    /// </summary>
    public OptimizerOptions? Options
    {
        get => _options;
        init => _options = value is null ? null : value with { };
    }

    private readonly OptimizerOptions? _options;

    /// <summary>A learning-rate schedule by torch name (see <see cref="Schedules.ScheduleCatalog"/>), or null for a constant lr.</summary>
    public string? Schedule { get; init; }

    /// <summary>The schedule's settings by torch name (e.g. step_size=1000, gamma=0.5).</summary>
    public IReadOnlyDictionary<string, string> ScheduleSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Clip the gradient's global 2-norm to this before each step (torch's clip_grad_norm_), or null.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Clip every gradient element to ±this before each step (torch's clip_grad_value_), or null.</summary>
    public double? ClipValue { get; init; }

    /// <summary>float32 or float64.</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>Number of optimizer steps; losses are recorded for steps 0 … Steps−1 (loss before each step, as the question printed).</summary>
    public int Steps { get; init; } = 5000;

    /// <summary>Seed of the problem's data and initial parameters.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Record the diagnostics every k-th step (the loss is recorded every step). Default 10: on the seed problem a
    /// diagnosed step costs about a quarter more than a plain one (copies, norms, a median over 1001 values), so every
    /// tenth step keeps recording near 3% of the run time.
    /// </summary>
    public int DiagnosticsEvery { get; init; } = 10;

    /// <summary>Measure the preconditioned sharpness every k-th step (0: never). Needs a problem with a constant Hessian.</summary>
    public int SharpnessEvery { get; init; } = 25;

    /// <summary>A fresh copy of the run's options (<see cref="Options"/> or the optimizer's defaults), for an optimizer to own.</summary>
    public OptimizerOptions NewOptions() => Options is { } options ? options with { } : OptimizerCatalog.DefaultOptions(Optimizer);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "A run needs at least one step.");
        if (DiagnosticsEvery < 1) throw new ArgumentOutOfRangeException(nameof(DiagnosticsEvery), DiagnosticsEvery, "Diagnostics interval must be at least 1.");
        if (SharpnessEvery < 0) throw new ArgumentOutOfRangeException(nameof(SharpnessEvery), SharpnessEvery, "Sharpness interval must be 0 (off) or positive.");
        if (ClipNorm is double norm && !(norm >= 0 && double.IsFinite(norm))) throw new ArgumentOutOfRangeException(nameof(ClipNorm), norm, "clip norm must be a finite number >= 0.");
        if (ClipValue is double value && !(value >= 0 && double.IsFinite(value))) throw new ArgumentOutOfRangeException(nameof(ClipValue), value, "clip value must be a finite number >= 0.");
        if (Schedule is not null && !Schedules.ScheduleCatalog.Names.ContainsKey(Schedule))
            throw new ArgumentException($"Unknown schedule '{Schedule}'. Known: {string.Join(", ", Schedules.ScheduleCatalog.Names.Keys)}.");
        var defaults = OptimizerCatalog.DefaultOptions(Optimizer);
        if (Options is { } options)
        {
            if (options.GetType() != defaults.GetType())
                throw new ArgumentException($"Optimizer '{Optimizer}' needs {defaults.GetType().Name}, not {options.GetType().Name}.", nameof(Options));
            options.Validate();
        }
    }

    /// <summary>The spec as JSON (for checkpoints and summaries); <see cref="FromJson"/> reads it back.</summary>
    public JsonObject ToJson() => new()
    {
        ["label"] = Label,
        ["problem"] = new JsonObject
        {
            ["kind"] = Problem.Kind,
            ["settings"] = Dictionary(Problem.Settings),
        },
        ["optimizer"] = Optimizer,
        ["optimizerSettings"] = Dictionary(OptimizerSettingsText()),
        ["schedule"] = Schedule,
        ["scheduleSettings"] = Dictionary(ScheduleSettings),
        ["clipNorm"] = ClipNorm,
        ["clipValue"] = ClipValue,
        ["precision"] = Precision == Precision.Float32 ? "float32" : "float64",
        ["steps"] = Steps,
        ["seed"] = Seed,
        ["diagnosticsEvery"] = DiagnosticsEvery,
        ["sharpnessEvery"] = SharpnessEvery,
    };

    /// <summary>Reads a spec written by <see cref="ToJson"/>; throws <see cref="InvalidDataException"/> naming what is missing or invalid.</summary>
    public static RunSpec FromJson(JsonNode node)
    {
        string Text(string key) => node[key]?.GetValue<string>() ?? throw new InvalidDataException($"The run spec lacks \"{key}\".");
        RunSpec spec;
        try
        {
            spec = Read(node, Text);
            spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The run spec is invalid: {e.Message.Split(Environment.NewLine)[0]}", e);
        }

        return spec;
    }

    private static RunSpec Read(JsonNode node, Func<string, string> Text)
    {
        string optimizer = Text("optimizer");
        var optimizerSettings = ReadDictionary(node["optimizerSettings"]);
        return new RunSpec
        {
            Label = Text("label"),
            Problem = new ProblemSpec(node["problem"]?["kind"]?.GetValue<string>() ?? throw new InvalidDataException("The run spec lacks \"problem.kind\"."),
                ReadDictionary(node["problem"]?["settings"])),
            Optimizer = optimizer,
            Options = optimizerSettings.Count == 0 ? null : OptimizerCatalog.Options(optimizer, optimizerSettings),
            Schedule = node["schedule"]?.GetValue<string>(),
            ScheduleSettings = ReadDictionary(node["scheduleSettings"]),
            ClipNorm = node["clipNorm"]?.GetValue<double>(),
            ClipValue = node["clipValue"]?.GetValue<double>(),
            Precision = Text("precision") switch
            {
                "float32" => Precision.Float32,
                "float64" => Precision.Float64,
                var other => throw new InvalidDataException($"The run spec's precision '{other}' is neither float32 nor float64."),
            },
            Steps = node["steps"]?.GetValue<int>() ?? throw new InvalidDataException("The run spec lacks \"steps\"."),
            Seed = node["seed"]?.GetValue<ulong>() ?? throw new InvalidDataException("The run spec lacks \"seed\"."),
            DiagnosticsEvery = node["diagnosticsEvery"]?.GetValue<int>() ?? 1,
            SharpnessEvery = node["sharpnessEvery"]?.GetValue<int>() ?? 0,
        };
    }

    /// <summary>
    /// The options that differ from the optimizer's defaults, by torch name (tuple elements one by one) in round-trip
    /// form: the spec's JSON, so a run keeps its key in a sweep store however its options were written.
    /// </summary>
    private IReadOnlyDictionary<string, string> OptimizerSettingsText()
    {
        if (Options is null) return new Dictionary<string, string>();
        var defaults = OptimizerCatalog.Describe(OptimizerCatalog.DefaultOptions(Optimizer)).ToDictionary();
        return OptimizerCatalog.Describe(Options).Where(kv => defaults.GetValueOrDefault(kv.Key) != kv.Value).ToDictionary();
    }

    private string ScheduleText => Schedule is null ? "" :
        $" schedule={Schedule}({string.Join(", ", ScheduleSettings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))})";

    private string ClipText =>
        (ClipNorm is double n ? string.Create(CultureInfo.InvariantCulture, $" clip_norm={n:R}") : "") +
        (ClipValue is double v ? string.Create(CultureInfo.InvariantCulture, $" clip_value={v:R}") : "");

    private static JsonObject Dictionary(IReadOnlyDictionary<string, string> settings)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in settings.OrderBy(kv => kv.Key, StringComparer.Ordinal)) obj[key] = value;
        return obj;
    }

    private static Dictionary<string, string> ReadDictionary(JsonNode? node) =>
        node is JsonObject obj
            ? obj.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? throw new InvalidDataException($"Setting '{kv.Key}' is null."))
            : [];

    /// <summary>True when both specs describe the same run (settings compared as sets).</summary>
    public bool SameRunAs(RunSpec other) => ToJson().ToJsonString() == other.ToJson().ToJsonString();

    /// <summary>One line naming every setting, e.g. for a snapshot header.</summary>
    public string Describe()
    {
        var options = string.Join(", ", OptimizerCatalog.Describe(NewOptions()).Select(kv => $"{kv.Key}={kv.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"problem={Problem} seed={Seed} optimizer={Optimizer}({options}){ScheduleText}{ClipText} precision={(Precision == Precision.Float32 ? "float32" : "float64")} steps={Steps}");
    }
}
