using BenchmarkDotNet.Attributes;
using OptimizerLab.Lab;
using OptimizerLab.Problems;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// Issue #17: the lab's run path per step (seed problem, float32, Adam defaults) with the `run` command's default
/// diagnostics (every 10th step, sharpness every 50th) and without any, so their difference is the diagnostics' share;
/// one sharpness measurement alone; and joining a 3-shard sweep (<see cref="SweepShardManifest.Merge"/>).
/// </summary>
[Config(typeof(QuickConfig))]
public class LabRunBenchmarks
{
    /// <summary>Steps per benchmark call; results are per step.</summary>
    public const int StepsPerCall = 1000;

    private const int SessionSteps = 2_000_000;

    private RunSession<float> _withDiagnostics = null!;
    private RunSession<float> _withoutDiagnostics = null!;
    private IHessian _hessian = null!;
    private double[] _stepSizes = [];
    private string[] _shardFolders = [];

    /// <summary>Two sessions of the seed run, a Hessian with Adam-like step sizes, and three finished shards of a 30-run grid.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _withDiagnostics = NewSession(diagnosticsEvery: 10, sharpnessEvery: 50);
        _withoutDiagnostics = NewSession(diagnosticsEvery: SessionSteps, sharpnessEvery: 0);
        var problem = LeastSquaresProblem<float>.Seeded(0);
        _hessian = problem;
        _stepSizes = new double[_hessian.Dimension];
        var random = new OptimizerLab.Data.SeededRandom(1);
        random.FillUniform<double>(_stepSizes, 1e-4, 1e-1);

        var grid = OptimizerLab.Lab.Sweep.Expand(new RunSpec { Steps = 500 }, ["adam"], [new SweepAxis("lr", ["1e-2", "1e-3"])],
            Enumerable.Range(0, 15).Select(seed => (ulong)seed).ToArray());
        string root = Path.Combine(Path.GetTempPath(), $"optimizerlab-bench-shards-{Environment.ProcessId}");
        _shardFolders = Enumerable.Range(0, 3).Select(i => Path.Combine(root, $"shard-{i}")).ToArray();
        for (int i = 0; i < 3; i++)
        {
            var shard = new SweepShard(i, 3);
            OptimizerLab.Lab.Sweep.Run(shard.Select(grid), new SweepStore(Path.Combine(_shardFolders[i], ".sweep")));
            SweepShardManifest.Write(_shardFolders[i], grid, shard, saveRuns: false);
        }
    }

    /// <summary>Deletes the shard folders.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_shardFolders.Length > 0) Directory.Delete(Path.GetDirectoryName(_shardFolders[0])!, recursive: true);
    }

    /// <summary>1000 steps of `run` with its default diagnostics; reported per step.</summary>
    [Benchmark(OperationsPerInvoke = StepsPerCall)]
    public int RunStepDefaultDiagnostics() => Advance(ref _withDiagnostics, 10, 50);

    /// <summary>1000 steps with no diagnostics; reported per step.</summary>
    [Benchmark(OperationsPerInvoke = StepsPerCall)]
    public int RunStepNoDiagnostics() => Advance(ref _withoutDiagnostics, SessionSteps, 0);

    /// <summary>One preconditioned sharpness of the seed problem (64 × 64 Gram matrix and its exact λ_max).</summary>
    [Benchmark]
    public double SharpnessMeasurement() => _hessian.LargestPreconditionedEigenvalue(_stepSizes)!.Value;

    /// <summary>Joins the three shards' kept runs (30 runs of 500 steps) in grid order.</summary>
    [Benchmark]
    public int ShardedSweepMerge() => SweepShardManifest.Merge(_shardFolders).Runs.Count;

    private static int Advance(ref RunSession<float> session, int diagnosticsEvery, int sharpnessEvery)
    {
        // A session holds its whole loss curve, so it is replaced before its steps run out (every 2000 calls).
        if (session.Step + StepsPerCall > SessionSteps) session = NewSession(diagnosticsEvery, sharpnessEvery);
        session.Advance(StepsPerCall);
        return session.Step;
    }

    private static RunSession<float> NewSession(int diagnosticsEvery, int sharpnessEvery)
    {
        var spec = new RunSpec { Steps = SessionSteps, DiagnosticsEvery = diagnosticsEvery, SharpnessEvery = sharpnessEvery };
        return new RunSession<float>(spec, LeastSquaresProblem<float>.Seeded(0));
    }
}
