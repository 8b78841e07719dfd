using OptimizerLab.Lab;

namespace OptimizerLab.Cli.Tests;

/// <summary>
/// What a streamed `run` holds does not grow with its steps: 100 000 steps of a run with diagnostics and sharpness
/// (CSV stream, curve keeper, analysis), after its first 50 000, allocate less than 256 KB in all, so nothing it holds
/// can have grown by more. A record kept per step (8 bytes) would take 800 KB. Counted on this thread, so tests running
/// beside it do not count.
/// </summary>
public class StreamedRunMemoryTests
{
    [Fact]
    public void A_streamed_run_allocates_next_to_nothing_per_step()
    {
        var spec = new RunSpec
        {
            Steps = 150_000, DiagnosticsEvery = 10, SharpnessEvery = 50,
            Problem = new ProblemSpec("seed", new Dictionary<string, string> { ["n"] = "4", ["d_in"] = "4" }),
        };
        string folder = CliRunner.TempFolder("streamed-memory");
        using var csv = RunCsvStream.Create(Path.Combine(folder, "run.csv"));
        var records = new RunOutputStream(csv, new LossCurveKeeper(spec.Steps));
        var session = new RunSession<float>(spec, spec.Problem.Build<float>(spec.Seed), stream: records);

        session.Advance(50_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        session.Advance(100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(256 << 10, "100 000 streamed steps allocate next to nothing");
        session.Finish().StepsRun.Should().Be(150_000);
        csv.Commit();
    }
}
