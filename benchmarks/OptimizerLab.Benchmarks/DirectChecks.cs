using System.Diagnostics;
using OptimizerLab.Data;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;
using OptimizerLab.Regression.TorchSharpLoading;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// Two checks outside BenchmarkDotNet. Allocation: BenchmarkDotNet in process counts every thread's allocations (the
/// JIT's background compiles, TorchSharp's finalizers), so a step's own allocation is read here from the stepping
/// thread's counter over 1000 steps after warm-up. Least-disturbed time: on a shared machine a median includes time
/// the benchmark spent waiting for a core; the best of many short batches is what the code costs when it runs.
/// </summary>
internal static class DirectChecks
{
    /// <summary>Bytes allocated per step on the stepping thread, per workload.</summary>
    public static List<(string Workload, double BytesPerStep)> Allocations()
    {
        var results = new List<(string, double)>();
        var problem = LeastSquaresProblem<float>.Seeded(0);
        var adam = new Adam<float>(problem.Parameters);
        results.Add(("seed step (loss, gradient, Adam)", PerStep(() => { problem.LossAndGradient(); adam.Step(); })));
        foreach (string name in new[] { "adam", "adamw", "sgd", "rmsprop" })
        {
            var parameter = new Parameter<float>(100_000, "p");
            var optimizer = OptimizerCatalog.Create<float>(name, [parameter], OptimizerCatalog.Options(name, OptimizerStepBenchmarks.Settings(name)));
            results.Add(($"{name} step", PerStep(() => optimizer.Step())));
        }

        return results;
    }

    private static double PerStep(Action step)
    {
        for (int i = 0; i < 1000; i++) step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) step();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;
    }

    /// <summary>Best time per step over many batches: seed step (ours, TorchSharp, limit) and Adam on 10M (ours, TorchSharp, copy).</summary>
    public static Dictionary<string, double> LeastDisturbed()
    {
        var best = new Dictionary<string, double>();
        var problem = LeastSquaresProblem<float>.Seeded(0);
        var adam = new Adam<float>(problem.Parameters);
        best["seed OptimizerLab"] = Best(() => { problem.LossAndGradient(); adam.Step(); }, perBatch: 100, batches: 300);
        best["seed limit"] = Best(() => ArithmeticLimit.Run(0.999f, 1e-3f), perBatch: 100, batches: 300);
        using (var torch = new TorchSeedStep(LeastSquaresProblem<float>.Seeded(0)))
            best["seed TorchSharp"] = Best(() => torch.Step(), perBatch: 20, batches: 100);

        const int n = 10_000_000;
        var random = new SeededRandom(1);
        var values = new float[n];
        var gradient = new float[n];
        random.FillGaussian<float>(values);
        random.FillGaussian<float>(gradient);
        var parameter = new Parameter<float>(values, "p");
        gradient.CopyTo(parameter.Grad, 0);
        var ours = new Adam<float>([parameter]);
        best["adam10M OptimizerLab"] = Best(() => ours.Step(), perBatch: 1, batches: 25);
        var source = new byte[n * 14L];
        var target = new byte[source.Length];
        best["adam10M copy"] = Best(() => source.AsSpan().CopyTo(target), perBatch: 1, batches: 25);
        TorchSharpNative.EnsureLoaded(); // also one torch thread for this thread: the setting is per thread
        using var torchParameter = new TorchSharp.Modules.Parameter(TorchSharp.torch.tensor(values), requires_grad: true);
        using (var g = TorchSharp.torch.tensor(gradient)) (torchParameter * g).sum().backward();
        using var torchAdam = OptimizerStepBenchmarks.CreateTorch("adam", torchParameter, new AdamOptions());
        best["adam10M TorchSharp"] = Best(() => torchAdam.step(), perBatch: 1, batches: 10);
        return best;
    }

    private static double Best(Action action, int perBatch, int batches)
    {
        for (int i = 0; i < Math.Max(3, perBatch); i++) action();
        double best = double.MaxValue;
        for (int b = 0; b < batches; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perBatch; i++) action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / perBatch);
        }

        return best;
    }

    /// <summary>
    /// The sweep once on 1 and once on 2 cores, with the process's CPU time: CPU seconds per wall second is how many
    /// cores the sweep actually got. Below 2 on the 2-core run, other processes held a core and the speed-up measures
    /// the machine's load, not the code.
    /// </summary>
    public static List<(int Cores, double WallSeconds, double CoresObtained)> SweepCores()
    {
        var results = new List<(int, double, double)>();
        using var process = Process.GetCurrentProcess();
        foreach (int cores in new[] { 1, 2 })
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            new SweepBenchmarks { Cores = cores }.Sweep();
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            results.Add((cores, wall, (process.TotalProcessorTime - cpu).TotalSeconds / wall));
        }

        return results;
    }
}
