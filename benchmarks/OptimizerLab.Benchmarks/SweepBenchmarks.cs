using BenchmarkDotNet.Attributes;
using OptimizerLab.Lab;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// Item 3c: 200 seed experiments (seeds 0–199, Adam defaults, 1000 steps, diagnostics every step and sharpness every
/// 25 steps as the lab records them) on 1 and on 2 cores, through the library's <see cref="OptimizerLab.Lab.Sweep"/>.
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

    private IReadOnlyList<SweepPoint> _points = [];

    /// <summary>The grid: Adam with torch's defaults over seeds 0–199.</summary>
    [GlobalSetup]
    public void Setup() =>
        _points = OptimizerLab.Lab.Sweep.Expand(new RunSpec { Steps = Steps }, ["adam"], [],
            Enumerable.Range(0, Experiments).Select(seed => (ulong)seed).ToArray());

    /// <summary>Runs the sweep; returns the number of runs that reached the plateau so nothing is optimised away.</summary>
    [Benchmark]
    public int Sweep()
    {
        if (_points.Count == 0) Setup();
        var runs = OptimizerLab.Lab.Sweep.Run(_points, maxParallelism: Cores);
        return runs.Count(r => r.Result.Summary.PlateauStep is not null);
    }
}
