using System.Diagnostics;
using System.Globalization;
using OptimizerLab.Data;
using OptimizerLab.Optimizers;
using OptimizerLab.Regression.TorchSharpLoading;
using static TorchSharp.torch;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// TorchSharp's optimizer step with glibc told to keep freed memory (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_).
/// torch's step allocates temporaries as large as the parameter; above glibc's mmap threshold (32 MB at most by
/// default) each one is a fresh mmap, so every step page-faults its temporaries in again. That is TorchSharp's default
/// behaviour and the main table measures it; this variant shows how much of its time is the allocator. glibc reads
/// these variables at process start, so this runs in a child process.
/// </summary>
internal static class TorchAllocatorVariant
{
    private const string Mode = "torch-kept-memory";

    /// <summary>Starts the child and reads its medians: (optimizer, N) → ns per step.</summary>
    public static Dictionary<(string, int), double> Measure()
    {
        var start = new ProcessStartInfo("dotnet", $"\"{typeof(Program).Assembly.Location}\" {Mode}") { RedirectStandardOutput = true };
        start.Environment["MALLOC_MMAP_THRESHOLD_"] = "4000000000";
        start.Environment["MALLOC_TRIM_THRESHOLD_"] = "4000000000";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the TorchSharp allocator variant.");
        var results = new Dictionary<(string, int), double>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int n))
                results[(parts[0], n)] = double.Parse(parts[2], CultureInfo.InvariantCulture);
        }

        process.WaitForExit();
        return results;
    }

    /// <summary>True when the command line asks for the child's work.</summary>
    public static bool IsChild(string[] args) => args.Length > 0 && args[0] == Mode;

    /// <summary>The child: median of 9 steps after 2 warm-up steps, per optimizer and size; prints "name N ns".</summary>
    public static int RunChild()
    {
        TorchSharpNative.EnsureLoaded(); // also one torch thread for this thread: the setting is per thread
        foreach (int n in new[] { 1_000_000, 10_000_000 })
        {
            var random = new SeededRandom(1);
            var values = new float[n];
            var gradient = new float[n];
            random.FillGaussian<float>(values);
            random.FillGaussian<float>(gradient);
            foreach (string name in new[] { "adam", "adamw", "sgd", "rmsprop" })
            {
                using var parameter = new TorchSharp.Modules.Parameter(tensor(values), requires_grad: true);
                using (var g = tensor(gradient)) (parameter * g).sum().backward();
                using var optimizer = OptimizerStepBenchmarks.CreateTorch(name, parameter, OptimizerCatalog.Options(name, OptimizerStepBenchmarks.Settings(name)));
                optimizer.step();
                optimizer.step();
                var times = new List<double>();
                for (int i = 0; i < 9; i++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    optimizer.step();
                    times.Add(Stopwatch.GetElapsedTime(t0).TotalNanoseconds);
                }

                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {n} {times[4]}"));
            }
        }

        return 0;
    }
}
