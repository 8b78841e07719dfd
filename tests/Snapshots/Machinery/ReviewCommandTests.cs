using System.Diagnostics;
using System.Text;
using OptimizerLab.Snapshots.Verification;

namespace OptimizerLab.Snapshots.Machinery;

/// <summary>
/// The review commands as a user runs them: this test assembly is also the program (<c>dotnet run --project
/// tests/Snapshots -- …</c>), started here on a temporary folder of snapshots. <c>review</c> reads single keys from a
/// terminal, so it runs under a pseudo-terminal (util-linux <c>script</c>), and each key is sent only after the prompt
/// it answers has appeared.
/// </summary>
public sealed class ReviewCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private SnapshotStore TwoMovedSnapshots()
    {
        var store = new SnapshotStore(_folder.Path);
        store.WriteVerified("sample.one.f64", SampleSnapshots.Curve(rebound: 2926).Render());
        store.WriteReceived("sample.one.f64", SampleSnapshots.Curve(rebound: 3140).Render());
        store.WriteVerified("sample.two.f64", SampleSnapshots.Curve().Render());
        store.WriteReceived("sample.two.f64", SampleSnapshots.Curve(beta2: "0.99").Render());
        return store;
    }

    [Fact]
    public void Review_under_a_pseudo_terminal_opens_accepts_and_rejects_one_snapshot_at_a_time()
    {
        var store = TwoMovedSnapshots();
        string command = $"dotnet '{typeof(Program).Assembly.Location}' --dir '{_folder.Path}' review";
        var start = new ProcessStartInfo("script", ["-qefc", command, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["CI"] = "true"; // "open" must not launch a diff tool here
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var reader = new Thread(() =>
        {
            int c;
            while ((c = process.StandardOutput.Read()) >= 0)
                lock (output)
                {
                    output.Append((char)c);
                    Monitor.PulseAll(output);
                }
        });
        reader.Start();

        const string Prompt = "[o]pen  [q]uit > ";
        foreach (var (promptNumber, key) in new[] { (1, 'o'), (2, 'a'), (3, 'r') })
        {
            WaitFor(output, text => Count(text, Prompt) >= promptNumber);
            process.StandardInput.Write(key);
            process.StandardInput.Flush();
        }

        WaitFor(output, text => text.Contains("Reviewed:", StringComparison.Ordinal));
        process.StandardInput.Close();
        process.WaitForExit();
        reader.Join();

        string all = output.ToString();
        all.Should().Contain("[1/2] sample.one.f64").And.Contain("[2/2] sample.two.f64");
        all.Should().Contain("arithmetic change + dynamics change: ").And.Contain("spec change: optimizer.beta2 0.999 → 0.99");
        all.Should().Contain("CI=true: no diff tool is launched");
        all.Should().Contain("Reviewed: 1 accepted, 1 rejected, 0 left.");
        store.ReadVerified("sample.one.f64").Should().Be(SampleSnapshots.Curve(rebound: 3140).Render());
        store.ReadVerified("sample.two.f64").Should().Be(SampleSnapshots.Curve().Render(), "rejecting keeps the verified file");
        store.ReceivedNames().Should().BeEmpty();
    }

    [Fact]
    public void Accept_with_a_glob_accepts_only_the_matches_and_prints_their_table_as_markdown()
    {
        var store = TwoMovedSnapshots();
        var (code, stdout, _) = Run("accept", "sample.one.*");
        code.Should().Be(0);
        stdout.Should().Contain("Accepted 1 snapshot(s)").And.Contain("### Snapshots: 1 curve moved: 1 arithmetic change (1 also dynamics change)")
            .And.Contain("| cause | case | class |").And.Contain("| sample.one.f64 |");
        store.ReceivedNames().Should().Equal("sample.two.f64");
    }

    [Fact]
    public void Reject_deletes_received_files_and_a_glob_that_matches_nothing_is_a_usage_error()
    {
        var store = TwoMovedSnapshots();
        Run("reject", "nothing.*").Code.Should().Be(2);
        var (code, stdout, _) = Run("reject");
        code.Should().Be(0);
        stdout.Should().Contain("Rejected 2 snapshot(s)");
        store.ReceivedNames().Should().BeEmpty();
        store.VerifiedNames().Should().HaveCount(2);
    }

    private (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--dir", _folder.Path, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    // Waits for the program's output to reach a state; the limit only turns a hang into a failure with the output so far.
    private static void WaitFor(StringBuilder output, Func<string, bool> reached)
    {
        lock (output)
        {
            var limit = DateTime.UtcNow.AddMinutes(2);
            while (!reached(output.ToString()))
            {
                if (DateTime.UtcNow > limit) throw new TimeoutException("The review never reached the expected state. Output so far:\n" + output);
                Monitor.Wait(output, TimeSpan.FromSeconds(1));
            }
        }
    }
}
