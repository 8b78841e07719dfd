using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OptimizerLab.Cli.Tests;

/// <summary>What a CLI child process did: its exit code, its stderr lines, and the time from SIGINT to its exit (if sent).</summary>
public sealed record ChildOutcome(int ExitCode, string Stderr, TimeSpan? SignalToExit);

/// <summary>
/// Runs the real CLI as a child process (the dll next to the tests) and, with a prefix, sends it SIGINT once a stderr line
/// starts with it: the signal waits for the child to say it is mid-work, so no test races the machine's speed. stderr is
/// read on a thread of its own, not through the thread pool, which a parallel test run can starve for a second or more.
/// </summary>
public static partial class CliChildProcess
{
    private const int SigInt = 2;

    /// <param name="args">The CLI's arguments.</param>
    /// <param name="signalAtLinePrefix">Send SIGINT at the first stderr line starting with this; null: never.</param>
    /// <param name="hangAfter">Only a child still running this long after the signal (or start) fails the test.</param>
    /// <param name="environment">Variables set for the child.</param>
    public static ChildOutcome Run(string[] args, string? signalAtLinePrefix, TimeSpan hangAfter, IReadOnlyDictionary<string, string>? environment = null) =>
        Run(args, signalAtLinePrefix is null ? null : line => line.StartsWith(signalAtLinePrefix, StringComparison.Ordinal), signalAtLinePrefix, hangAfter, environment);

    /// <param name="args">The CLI's arguments.</param>
    /// <param name="signalAt">Send SIGINT at the first stderr line this accepts; null: never.</param>
    /// <param name="awaited">What the signal waits for, in the failure message when it never comes.</param>
    /// <param name="hangAfter">Only a child still running this long after the signal (or start) fails the test.</param>
    /// <param name="environment">Variables set for the child.</param>
    public static ChildOutcome Run(string[] args, Func<string, bool>? signalAt, string? awaited, TimeSpan hangAfter, IReadOnlyDictionary<string, string>? environment = null)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "OptimizerLab.Cli.dll");
        File.Exists(cli).Should().BeTrue("the test project references the CLI, so its dll sits next to the tests");
        // env resets SIGINT to its default first: a parent that ignores SIGINT (a script's background job) passes that
        // on, and the CLI rightly leaves an ignored Ctrl-C alone.
        var start = new ProcessStartInfo("env") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        foreach (string a in (string[])["--default-signal=INT", "dotnet", cli, .. args]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var lines = new ConcurrentQueue<string>();
        using var signalled = new ManualResetEventSlim();
        Stopwatch? clock = null;
        var reader = new Thread(() =>
        {
            while (process.StandardError.ReadLine() is { } line)
            {
                lines.Enqueue(line);
                if (signalAt is not null && clock is null && signalAt(line))
                {
                    clock = Stopwatch.StartNew();
                    kill(process.Id, SigInt).Should().Be(0, "the signal is delivered");
                    signalled.Set();
                }
            }
        }) { IsBackground = true };
        reader.Start();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            // Start-up and the first progress take about a second; the minute only guards against a child that never reports.
            if (signalAt is not null)
                signalled.Wait(TimeSpan.FromMinutes(1)).Should().BeTrue($"the child reports {awaited}; stderr: {string.Join("\n", lines)}");
            process.WaitForExit(hangAfter).Should().BeTrue(signalAt is null ? "the child finishes" : "the child stops after SIGINT");
            process.WaitForExit();
            reader.Join();
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        return new ChildOutcome(process.ExitCode, string.Join("\n", lines), clock?.Elapsed);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
