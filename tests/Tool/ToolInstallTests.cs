using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace OptimizerLab.Tool.Tests;

/// <summary>
/// `dotnet pack` of src/OptimizerLab.Cli gives a .NET tool: installed from a local folder feed into a temporary tool
/// path, the command `optimizerlab` shows its help and runs the default command, printing what the CLI prints in-process.
/// </summary>
public class ToolInstallTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));

    [Fact]
    public void The_packed_tool_installs_from_a_folder_feed_and_runs_the_default_command()
    {
        string scratch = Path.Combine(Path.GetTempPath(), "optimizerlab-tool-tests", Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(scratch, "feed"), tools = Path.Combine(scratch, "tools"), work = Path.Combine(scratch, "work");
        Directory.CreateDirectory(work);
        // Only the folder feed, and a fresh package cache: a cached OptimizerLab.Cli 0.1.0 from an earlier build
        // would otherwise be installed instead of the package just packed.
        string config = Path.Combine(scratch, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(scratch, "packages") };

        Run("dotnet", ["pack", Path.Combine(Root, "src", "OptimizerLab.Cli"), "-c", "Release", "-o", feed], Root, []).ExitCode.Should().Be(0);
        Directory.GetFiles(feed, "OptimizerLab.Cli.*.nupkg").Should().ContainSingle();

        var install = Run("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "OptimizerLab.Cli"], work, env);
        install.ExitCode.Should().Be(0, install.Output);
        string command = Path.Combine(tools, OperatingSystem.IsWindows() ? "optimizerlab.exe" : "optimizerlab");
        File.Exists(command).Should().BeTrue($"the tool installs the command 'optimizerlab' into the tool path; install said:\n{install.Output}");

        var help = Run(command, ["--help"], work, []);
        help.ExitCode.Should().Be(0, help.Output);
        help.Stdout.Should().Contain("Usage:").And.Contain("reproduce").And.Contain("run").And.Contain("sweep").And.Contain("explain");

        var installed = Run(command, ["--out", Path.Combine(work, "installed")], work, []);
        installed.ExitCode.Should().Be(0, installed.Output);
        using var stdout = new StringWriter { NewLine = "\n" };
        Cli.Cli.Run(["--out", Path.Combine(work, "in-process")], stdout, TextWriter.Null).Should().Be(0);
        installed.Stdout.ReplaceLineEndings("\n").Should().Be(stdout.ToString(), "the installed command is the same CLI");
        File.Exists(Path.Combine(work, "installed", "reproduce.png")).Should().BeTrue();
    }

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => $"stdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    private static Outcome Run(string file, string[] args, string directory, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in env) start.Environment[key] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Outcome(process.ExitCode, stdout, stderr.Result);
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
