using System.CommandLine;

namespace OptimizerLab.Cli.Commands;

/// <summary>Options every command that writes results has: --out and --format.</summary>
internal sealed class CommonOptions
{
    public CommonOptions(string defaultOut)
    {
        Out = new Option<string>("--out", "-o")
        {
            Description = "Folder for the CSV, JSON and chart files (created if missing)",
            HelpName = "folder",
            DefaultValueFactory = _ => defaultOut,
        };
        Format = new Option<string>("--format")
        {
            Description = "What stdout gets: text (tables) or json (the summary document)",
            DefaultValueFactory = _ => "text",
        };
        Format.OneOf("text", "json");
    }

    public Option<string> Out { get; }

    public Option<string> Format { get; }

    public IEnumerable<Option> Options => [Out, Format];

    public OutputFormat GetFormat(ParseResult result) =>
        result.GetValue(Format) == "json" ? OutputFormat.Json : OutputFormat.Text;

    public OutputFolder PrepareFolder(ParseResult result) => OutputFolder.Prepare(result.GetValue(Out) ?? "");
}
