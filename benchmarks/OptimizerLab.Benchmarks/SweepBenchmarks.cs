using BenchmarkDotNet.Attributes;
using OptimizerLab.Lab;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// Item 3c: 200 seed experiments (seeds 0–199, Adam defaults, 1000 steps, diagnostics every step and sharpness every
/// 25 steps as the lab records them) on 1 and on 2 cores. A Parallel.For over <see cref="Experiment.Run(RunSpec, OptimizerLab.Analysis.CurveAnalysisOptions?, CancellationToken)"/>:
/// the library's Sweep class is not on main yet.
/// </summary>
[Config(typeof(SlowConfig))]
public class SweepBenchmarks
{
    /// <summary>Experiments per sweep.</summary>
    public const int Experiments = 200;

    /// <summary>Steps per experiment.</summary>
    public const int Steps = 1000;

    /// <summary>Degree of parallelism.</summary>
    [Params(1, 2)]
    public int Cores { get; set; }

    /// <summary>Runs the sweep; returns the number of runs that reached the plateau so nothing is optimised away.</summary>
    [Benchmark]
    public int Sweep()
    {
        int plateaus = 0;
        Parallel.For(0, Experiments, new ParallelOptions { MaxDegreeOfParallelism = Cores }, seed =>
        {
            var result = Experiment.Run(new RunSpec { Seed = (ulong)seed, Steps = Steps });
            if (result.Summary.PlateauStep is not null) Interlocked.Increment(ref plateaus);
        });
        return plateaus;
    }
}
