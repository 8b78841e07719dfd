using OptimizerLab.Lab;
using OptimizerLab.Problems;
using Xunit;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// A run asked for int.MaxValue steps holds only the steps it ran (it used to allocate the whole loss table up front
/// and fail with OutOfMemoryException), and its records grow across the initial capacity with the same values.
/// </summary>
public class RunRecordsGrowthTests
{
    [Fact]
    public void A_run_of_int_max_steps_allocates_for_the_steps_it_ran_and_checkpoints_and_resumes()
    {
        var spec = new RunSpec { Steps = int.MaxValue, SharpnessEvery = 0, DiagnosticsEvery = 1000, Precision = Precision.Float64, Problem = new ProblemSpec("seed", new Dictionary<string, string> { ["n"] = "8", ["d_in"] = "10" }) };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var session = new RunSession<double>(spec, spec.Problem.Build<double>(spec.Seed));
        session.Advance(100);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 << 20, $"{allocated} bytes allocated for 100 steps of an int.MaxValue-step run");

        var result = session.Finish();
        Assert.Equal(100, result.Records.Loss.Length);
        var resumed = RunSession<double>.Resume(session.Checkpoint(), spec.Problem.Build<double>(spec.Seed));
        resumed.Advance(100);
        Assert.Equal(200, resumed.Finish().Records.Loss.Length);
    }

    [Fact]
    public void Records_grown_past_their_first_capacity_keep_every_value()
    {
        // 70 000 steps cross the first 65 536-value block: a 70 000-step run grows to exactly 70 000, a 200 000-step one
        // stopped there to 131 072 and is cut at Finish; both give the same curve.
        var problem = new ProblemSpec("seed", new Dictionary<string, string> { ["n"] = "4", ["d_in"] = "4" });
        var grown = Experiment.Run(new RunSpec { Steps = 70_000, SharpnessEvery = 0, DiagnosticsEvery = 10_000, Problem = problem });
        var longer = new RunSession<double>(new RunSpec { Steps = 200_000, SharpnessEvery = 0, DiagnosticsEvery = 10_000, Problem = problem, Precision = Precision.Float64 },
            problem.Build<double>(0));
        longer.Advance(70_000);
        var partial = longer.Finish();
        var straight = Experiment.Run(new RunSpec { Steps = 70_000, SharpnessEvery = 0, DiagnosticsEvery = 10_000, Problem = problem, Precision = Precision.Float64 });
        Assert.Equal(70_000, grown.Records.Loss.Length);
        Assert.Equal(straight.Records.Loss, partial.Records.Loss);
    }
}
