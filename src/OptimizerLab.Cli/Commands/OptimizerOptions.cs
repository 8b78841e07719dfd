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

    public void AddTo(Command command)
    {
        command.Add(Optimizer);
        command.Add(Lr);
        command.Add(Eps);
        if (!_lists) command.Add(Betas);
        command.Add(WeightDecay);
        command.Add(Momentum);
        command.Add(Set);
    }

    /// <summary>Option name → value text as given (lists unsplit), in the order: shortcuts, then --set.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings(ParseResult result)
    {
        var settings = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (value is null) return;
            if (settings.Any(s => s.Key == name)) throw new UsageException($"The optimizer option '{name}' is given twice.");
            settings.Add(KeyValuePair.Create(name, value.Trim()));
        }

        Add("lr", result.GetValue(Lr));
        Add("eps", result.GetValue(Eps));
        if (!_lists) Add("betas", result.GetValue(Betas));
        Add("weight_decay", result.GetValue(WeightDecay));
        Add("momentum", result.GetValue(Momentum));
        foreach (string text in result.GetValue(Set) ?? [])
        {
            var (name, value) = ArgumentParsing.Setting(text, "--set");
            Add(name, value);
        }

        return settings;
    }
}
