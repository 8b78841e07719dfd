using OptimizerLab.Regression.TorchSharpLoading;

namespace OptimizerLab.Benchmarks;

/// <summary>Loads TorchSharp and makes the calling thread's torch operations single-threaded.</summary>
/// <remarks>
/// torch.set_num_threads goes to omp_set_num_threads, whose setting belongs to the calling thread: a thread that never
/// called it runs torch's kernels with OpenMP's default team (all cores). Measured here: TorchSharp's seed step took
/// 3.9 ms per step on a second .NET thread against 0.19 ms after calling set_num_threads(1) on that thread. So every
/// benchmark calls this on the thread that runs it (its global setup runs on that thread).
/// </remarks>
internal static class TorchThreads
{
    public static void OneThreadHere()
    {
        TorchSharpNative.EnsureLoaded(); // also sets one torch thread for the calling thread
    }
}
