using System.Diagnostics;

namespace OptimizerLab.Benchmarks;

/// <summary>Item 4: wall times of whole processes, started the way a user starts them.</summary>
internal static class WholeProcess
{
    /// <summary>The repository root: the folder holding OptimizerLab.sln above this program.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OptimizerLab.sln"))) return directory.FullName;
        }

        throw new DirectoryNotFoundException("OptimizerLab.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// The default CLI command's wall time (median of 3, after one untimed run), or null with the reason when the CLI
    /// project is not in this checkout.
    /// </summary>
    public static (TimeSpan? Time, string Note) Cli(string root)
    {
        string project = Path.Combine(root, "src", "OptimizerLab.Cli", "OptimizerLab.Cli.csproj");
        if (!File.Exists(project)) return (null, "src/OptimizerLab.Cli is not in this checkout (branch cli not merged), so the CLI was not timed");
        Run("dotnet", $"build -c Release \"{project}\"", root, check: true);
        string dll = Path.Combine(root, "src", "OptimizerLab.Cli", "bin", "Release", "net10.0", "OptimizerLab.Cli.dll");
        string work = Directory.CreateTempSubdirectory("optimizerlab-cli-").FullName;
        try
        {
            Run("dotnet", $"\"{dll}\"", work, check: false);
            var times = Enumerable.Range(0, 3).Select(_ => Run("dotnet", $"\"{dll}\"", work, check: false).Elapsed).Order().ToList();
            return (times[1], "`dotnet src/OptimizerLab.Cli/bin/Release/net10.0/OptimizerLab.Cli.dll` with no arguments, median of 3");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// `dotnet test --no-build` on the solution after an untimed `dotnet build`, and where the time went: each test
    /// project's run time and the slowest tests, read from the TRX files the run leaves in TestResults/.
    /// </summary>
    public static (TimeSpan Time, string Note) Tests(string root)
    {
        Run("dotnet", "build", root, check: true);
        string results = Path.Combine(root, "TestResults");
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        var run = Run("dotnet", "test --no-build", root, check: false);
        string outcome = run.ExitCode == 0 ? "all passed" : $"exit code {run.ExitCode}";
        return (run.Elapsed, $"`dotnet test --no-build` on the solution after `dotnet build`, one run ({outcome}); {TestProfile(results)}");
    }

    /// <summary>Per project: its run time from the TRX Times element; overall: the five slowest tests.</summary>
    private static string TestProfile(string results)
    {
        if (!Directory.Exists(results)) return "no TRX files to profile";
        var projects = new List<string>();
        var tests = new List<(string Name, TimeSpan Duration)>();
        foreach (string file in Directory.EnumerateFiles(results, "*.trx", SearchOption.AllDirectories))
        {
            var document = System.Xml.Linq.XDocument.Load(file);
            var ns = document.Root!.Name.Namespace;
            var times = document.Root.Element(ns + "Times");
            if (times is not null && DateTimeOffset.TryParse((string?)times.Attribute("start"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var start)
                && DateTimeOffset.TryParse((string?)times.Attribute("finish"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var finish))
                projects.Add(FormattableString.Invariant($"{Path.GetFileNameWithoutExtension(file)} {(finish - start).TotalSeconds:F0} s"));
            foreach (var result in document.Descendants(ns + "UnitTestResult"))
            {
                if (TimeSpan.TryParse((string?)result.Attribute("duration"), System.Globalization.CultureInfo.InvariantCulture, out var duration))
                    tests.Add(((string?)result.Attribute("testName") ?? "?", duration));
            }
        }

        var slowest = tests.OrderByDescending(t => t.Duration).Take(5)
            .Select(t => FormattableString.Invariant($"{t.Name} {t.Duration.TotalSeconds:F1} s"));
        return $"projects (run in parallel): {string.Join(", ", projects)}; slowest tests: {string.Join("; ", slowest)}";
    }

    private static (TimeSpan Elapsed, int ExitCode) Run(string file, string arguments, string directory, bool check)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        stopwatch.Stop();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}):\n{output.Result}\n{error.Result}");
        return (stopwatch.Elapsed, process.ExitCode);
    }
}
