using System.Text;

namespace OptimizerLab.Docs.Tests;

/// <summary>
/// Reads a shell line of the docs as a CLI invocation: <c>optimizerlab ARGS</c> (the installed tool) or
/// <c>dotnet run --project src/OptimizerLab.Cli [OPTIONS] [-- ARGS]</c> (from the clone). Other lines are not the CLI.
/// </summary>
public static class DocumentedCommand
{
    private const string ProjectPath = "src/OptimizerLab.Cli";

    /// <summary>
    /// A line may end with this to show the command's exit code, as a reader's shell would print it after the output;
    /// the run then prints <c>exit code N</c> after the command's output, and the block passes on any exit code.
    /// </summary>
    public const string ShowsExitCode = "; echo \"exit code $?\"";

    /// <summary>True when a CLI line of the block ends with <see cref="ShowsExitCode"/>.</summary>
    public static bool PrintsExitCode(string line) => StripComment(line).TrimEnd().EndsWith(ShowsExitCode, StringComparison.Ordinal);

    /// <summary>The CLI's arguments on this line, or null when the line runs something else.</summary>
    public static string[]? CliArguments(string line)
    {
        string command = StripComment(line).TrimEnd();
        if (command.EndsWith(ShowsExitCode, StringComparison.Ordinal)) command = command[..^ShowsExitCode.Length];
        var words = Words(command);
        if (words.Count == 0) return null;
        if (words[0] == "optimizerlab") return words.Skip(1).ToArray();
        if (words.Count >= 4 && words[0] == "dotnet" && words[1] == "run" && words.IndexOf("--project") is int p and >= 0
            && p + 1 < words.Count && words[p + 1].TrimEnd('/') == ProjectPath)
        {
            int separator = words.IndexOf("--");
            return separator < 0 ? [] : words.Skip(separator + 1).ToArray();
        }

        return null;
    }

    /// <summary>Every CLI invocation of a shell block, in order.</summary>
    public static IReadOnlyList<string[]> InBlock(CodeBlock block) =>
        block.Content.Split('\n').Select(CliArguments).OfType<string[]>().ToList();

    private static string StripComment(string line)
    {
        bool single = false, dbl = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\'' && !dbl) single = !single;
            else if (c == '"' && !single) dbl = !dbl;
            else if (c == '#' && !single && !dbl && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }

        return line;
    }

    // Shell words with '…' and "…" quoting; no expansions (the docs use none in CLI lines).
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else current.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord) words.Add(current.ToString());
        return words;
    }
}
