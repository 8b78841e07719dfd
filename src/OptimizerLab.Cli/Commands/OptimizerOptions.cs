using System.CommandLine;

namespace OptimizerLab.Cli.Commands;

/// <summary>
/// Optimizer options under torch's names: shortcuts for the common ones and <c>--set name=value</c> for any other.
/// In a sweep each takes a comma-separated list of values (one grid axis per option).
/// </summary>
internal sealed class OptimizerOptions
{
    private readonly bool _lists;

    public OptimizerOptions(bool lists)
    {
        _lists = lists;
        string many = lists ? " (comma-separated values: one grid axis)" : "";
        Optimizer = new Option<string>("--optimizer")
        {
            Description = (lists ? "Optimizers, comma-separated: " : "Optimizer: ") + string.Join(", ", Optimizers.OptimizerCatalog.Names),
            DefaultValueFactory = _ => "adam",
        };
        Lr = new Option<string?>("--lr") { Description = "Learning rate" + many };
        Eps = new Option<string?>("--eps") { Description = "eps (Adam family, RMSprop, …)" + many };
        Betas = new Option<string?>("--betas") { Description = "Adam family: beta1,beta2 (e.g. 0.9,0.999)" };
        WeightDecay = new Option<string?>("--weight-decay") { Description = "weight_decay" + many };
        Momentum = new Option<string?>("--momentum") { Description = "momentum (SGD, RMSprop)" + many };
        Set = new Option<string[]>("--set")
        {
            Description = "Any option by its torch name, name=value" + (lists ? " or name=v1,v2,…" : "") + " (repeatable), e.g. --set amsgrad=true",
            HelpName = "name=value",
        };
    }

    public Option<string> Optimizer { get; }

    public Option<string?> Lr { get; }

    public Option<string?> Eps { get; }

    public Option<string?> Betas { get; }

    public Option<string?> WeightDecay { get; }

    public Option<string?> Momentum { get; }

    public Option<string[]> Set { get; }

    /// <summary>The options in the order --help lists them; a sweep's lists have no --betas.</summary>
    public IEnumerable<Option> Options => _lists
        ? [Optimizer, Lr, Eps, WeightDecay, Momentum, Set]
        : [Optimizer, Lr, Eps, Betas, WeightDecay, Momentum, Set];

    /// <summary>
    /// The options of <paramref name="optimizer"/> from the command line, parsed once, here, over its defaults (null when
    /// none is given); an invalid value or combination is a usage error naming every optimizer option given.
    /// </summary>
    public Optimizers.OptimizerOptions? Parse(ParseResult result, string optimizer)
    {
        var settings = Settings(result);
        return settings.Count == 0 ? null : Named(result, () => Optimizers.OptimizerCatalog.Options(optimizer, settings));
    }

    /// <summary>Option name → value text as given (lists unsplit), in the order: shortcuts, then --set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings(ParseResult result) =>
        Given(result).Select(s => KeyValuePair.Create(s.Name, s.Value)).ToArray();

    /// <summary>
    /// Checks the optimizer names and every option value against the catalog before anything runs, so that a mistake
    /// names the command-line option it came from: "--optimizer: unknown optimizer 'adma'; did you mean 'adam'?",
    /// "--lr -1: Invalid learning rate: -1.0", "--set eps=-1: …", "--momentum 0.9 does not apply to --optimizer adam".
    /// Each value is checked alone (in a sweep, each value of a list); a combination that fails only together is
    /// reported naming every option given. Returns the optimizer names as the catalog spells them.
    /// </summary>
    public IReadOnlyList<string> Check(ParseResult result)
    {
        string text = result.GetValue(Optimizer) ?? "adam";
        var names = (_lists ? ArgumentParsing.List(text, "--optimizer") : [text])
            .Select(n => ArgumentParsing.Known("--optimizer", "optimizer", n, Optimizers.OptimizerCatalog.Names))
            .ToArray();
        var given = Given(result);
        foreach (string name in names)
        {
            string[] known = OptionNames(name);
            foreach (var setting in given)
            {
                if (!known.Contains(setting.Name, StringComparer.OrdinalIgnoreCase))
                {
                    throw new UsageException(setting.Option == "--set"
                        ? $"--set {setting.Name}={setting.Value}: {name} has no option '{setting.Name}'{Suggestions.Sentence(setting.Name, known)}Its options: {string.Join(", ", known)}."
                        : $"{setting.Option} does not apply to --optimizer {name}, whose options are {string.Join(", ", known)}; remove {setting.Option}{(_lists ? " or sweep it in a separate run" : "")}.");
                }

                var values = _lists ? SweptValues(setting.Name, setting.Value, setting.Option, [name]) : [setting.Value];
                foreach (string value in values) Named([setting with { Value = value }], () => Optimizers.OptimizerCatalog.Options(name, [KeyValuePair.Create(setting.Name, value)]));
            }
        }

        return names;
    }

    /// <summary>
    /// The values a sweep takes for a setting: a comma-separated list, except for a tuple's own name, whose value holds
    /// commas (betas=0.9,0.99 is one value) — decided per optimizer, since a name can be a tuple in one and a number in
    /// another (Adafactor's eps is a pair, Adam's one number).
    /// </summary>
    public static IReadOnlyList<string> SweptValues(string name, string value, string option, IEnumerable<string> optimizers) =>
        optimizers.All(o => Optimizers.OptimizerCatalog.TupleOf(name, o) == name.ToLowerInvariant())
            ? [value]
            : ArgumentParsing.List(value, option);

    /// <summary>Runs <paramref name="action"/>; an invalid option value it meets becomes a usage error naming every optimizer option given.</summary>
    public T Named<T>(ParseResult result, Func<T> action) => Named(Given(result), action);

    /// <inheritdoc cref="Named{T}(ParseResult, Func{T})"/>
    public void Named(ParseResult result, Action action) => Named(Given(result), () =>
    {
        action();
        return true;
    });

    private static T Named<T>(IReadOnlyList<Setting> settings, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e) when (settings.Count > 0)
        {
            string where = string.Join(" ", settings.Select(s => s.Option == "--set" ? $"--set {s.Name}={s.Value}" : $"{s.Option} {s.Value}"));
            throw new UsageException($"{where}: {Cli.ArgumentMessage(e)}", e);
        }
    }

    /// <summary>The option names an optimizer takes, as torch names them (and each tuple, betas or etas, under its own name too).</summary>
    private static string[] OptionNames(string optimizer) => [.. Optimizers.OptimizerCatalog.SettingNames(optimizer)];

    private sealed record Setting(string Name, string Value, string Option);

    private List<Setting> Given(ParseResult result)
    {
        var settings = new List<Setting>();
        void Add(string name, string? value, string option)
        {
            if (value is null) return;
            // A tuple is its elements at once: betas is beta1 and beta2, etas is etaminus and etaplus.
            static bool Same(string a, string b) =>
                a == b || (Optimizers.OptimizerCatalog.TupleOf(a) is { } tuple && tuple == Optimizers.OptimizerCatalog.TupleOf(b) && (tuple == a || tuple == b));
            if (settings.FirstOrDefault(s => Same(s.Name, name)) is { } earlier)
                throw new UsageException($"The optimizer option '{name}' is given twice: by {earlier.Option} and by {option}.");
            settings.Add(new Setting(name, value.Trim(), option));
        }

        Add("lr", result.GetValue(Lr), "--lr");
        Add("eps", result.GetValue(Eps), "--eps");
        if (!_lists) Add("betas", result.GetValue(Betas), "--betas");
        Add("weight_decay", result.GetValue(WeightDecay), "--weight-decay");
        Add("momentum", result.GetValue(Momentum), "--momentum");
        foreach (string text in result.GetValue(Set) ?? [])
        {
            var (name, value) = ArgumentParsing.Setting(text, "--set");
            Add(name, value, "--set");
        }

        return settings;
    }
}
