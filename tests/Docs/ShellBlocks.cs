using OptimizerLab.Cli;

namespace OptimizerLab.Docs.Tests;

/// <summary>What the CLI lines of one shell block did: the exit code of the first failing one (or 0) and the output.</summary>
public sealed record BlockRun(int ExitCode, string Stdout, string Stderr, bool ShowsExitCode = false);

/// <summary>
/// Runs the documented CLI commands in-process (<see cref="Cli.Run"/>), in the docs' order (README, then docs/ pages),
/// in one scratch working directory, as a reader following the pages from a fresh clone would: a later block may read
/// the files an earlier one wrote (e.g. <c>explain lab-output/adam.csv</c>). The clone's <c>src</c> and <c>tests</c> are
/// linked into that directory so documented input paths (sources, committed fixtures) resolve.
/// </summary>
public static class ShellBlocks
{
    public static IReadOnlyList<CodeBlock> All { get; } =
        DocFiles.Parsed.SelectMany(d => d.Blocks).Where(b => b.Info == "sh" && DocumentedCommand.InBlock(b).Count > 0).ToList();

    public static IReadOnlyList<CodeBlock> Run { get; } = All.Where(b => b.NotRunReason is null).ToList();

    private static readonly Lazy<IReadOnlyDictionary<string, BlockRun>> Results = new(RunAll);

    public static BlockRun ResultOf(CodeBlock block) => Results.Value[block.Where];

    private static IReadOnlyDictionary<string, BlockRun> RunAll()
    {
        string work = Path.Combine(Path.GetTempPath(), "optimizerlab-docs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        Directory.CreateSymbolicLink(Path.Combine(work, "src"), Path.Combine(DocFiles.Root, "src"));
        Directory.CreateSymbolicLink(Path.Combine(work, "tests"), Path.Combine(DocFiles.Root, "tests"));
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = work;
        try
        {
            var results = new Dictionary<string, BlockRun>();
            // The CLI is deterministic: a command shown on two pages (the default one in the README and in cli.md) runs once.
            var seen = new Dictionary<string, BlockRun>(StringComparer.Ordinal);
            foreach (var block in Run)
            {
                string key = string.Join('\n', DocumentedCommand.InBlock(block).Select(a => string.Join('\u001f', a)));
                if (seen.TryGetValue(key, out var earlier))
                {
                    results[block.Where] = earlier;
                    continue;
                }

                int code = 0;
                bool showsExitCode = false;
                using var stdout = new StringWriter { NewLine = "\n" };
                using var stderr = new StringWriter { NewLine = "\n" };
                foreach (string line in block.Content.Split('\n'))
                {
                    if (DocumentedCommand.CliArguments(line) is not { } args) continue;
                    code = Cli.Cli.Run(args, stdout, stderr);
                    if (DocumentedCommand.PrintsExitCode(line))
                    {
                        showsExitCode = true;
                        stdout.WriteLine($"exit code {code}");
                        continue;
                    }

                    if (code != 0) break;
                }

                results[block.Where] = seen[key] = new BlockRun(code, stdout.ToString(), stderr.ToString(), showsExitCode);
            }

            return results;
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}
