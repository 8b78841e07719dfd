#:property TargetFramework=net10.0
// Reads Stryker's JSON report and prints the score per folder and every mutant that was not detected.
using System.Text.Json;

string path = args.Length > 0 ? args[0] : "mutation/out/reports/mutation-report.json";
if (!File.Exists(path))
{
    Console.Error.WriteLine($"No Stryker report at {path}: run Stryker first (see docs/robustness.md).");
    return 2;
}

using var report = JsonDocument.Parse(File.ReadAllText(path));
var rows = new List<(string Folder, string File, int Line, string Mutator, string Replacement, string Status, string Source)>();
foreach (var file in report.RootElement.GetProperty("files").EnumerateObject())
{
    string[] lines = file.Value.GetProperty("source").GetString()!.Split('\n');
    string name = file.Name.Replace('\\', '/');
    int src = name.IndexOf("src/OptimizerLab/", StringComparison.Ordinal);
    string relative = src >= 0 ? name[(src + "src/OptimizerLab/".Length)..] : name;
    string folder = relative.Contains('/') ? relative[..relative.IndexOf('/')] : ".";
    foreach (var mutant in file.Value.GetProperty("mutants").EnumerateArray())
    {
        int line = mutant.GetProperty("location").GetProperty("start").GetProperty("line").GetInt32();
        rows.Add((folder, relative, line, mutant.GetProperty("mutatorName").GetString()!,
            mutant.TryGetProperty("replacement", out var r) ? r.GetString() ?? "" : "",
            mutant.GetProperty("status").GetString()!, lines[line - 1].Trim()));
    }
}

static bool Detected(string status) => status is "Killed" or "Timeout";
static bool Counted(string status) => status is "Killed" or "Timeout" or "Survived" or "NoCoverage";

Console.WriteLine("| folder | mutants | killed | timeout | survived | no coverage | score |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var group in rows.Where(r => Counted(r.Status)).GroupBy(r => r.Folder).OrderBy(g => g.Key).Append(null))
{
    var set = group?.ToList() ?? rows.Where(r => Counted(r.Status)).ToList();
    int detected = set.Count(r => Detected(r.Status));
    Console.WriteLine($"| {group?.Key ?? "**all**"} | {set.Count} | {set.Count(r => r.Status == "Killed")} | {set.Count(r => r.Status == "Timeout")} | " +
        $"{set.Count(r => r.Status == "Survived")} | {set.Count(r => r.Status == "NoCoverage")} | {100.0 * detected / Math.Max(1, set.Count):F2} % |");
}

Console.WriteLine();
Console.WriteLine("| file:line | status | mutator | mutated to | source line |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var r in rows.Where(r => r.Status is "Survived" or "NoCoverage").OrderBy(r => r.File).ThenBy(r => r.Line))
    Console.WriteLine($"| {r.File}:{r.Line} | {r.Status} | {r.Mutator} | `{Escape(r.Replacement)}` | `{Escape(r.Source)}` |");
return 0;

static string Escape(string text)
{
    string oneLine = string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries));
    if (oneLine.Length > 90) oneLine = oneLine[..87] + "...";
    return oneLine.Replace("|", "\\|").Replace("`", "'");
}
