using BenchmarkDotNet.Running;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// <c>report</c>: every benchmark plus the whole-process timings, written to its section of docs/benchmarks.md.
/// <c>bits</c>: fingerprints of whole runs (must not change with a speed change). <c>profile</c>: the seed step part by part. Anything else goes to
/// BenchmarkDotNet's switcher, e.g. <c>--filter '*SeedStep*'</c>.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bits") return BitsCheck.Print();
        if (args.Length > 0 && args[0] == "profile") return SeedStepProfile.Print();
        if (args.Length > 0 && args[0] == "report") return Report.Run(args);
        if (TorchAllocatorVariant.IsChild(args)) return TorchAllocatorVariant.RunChild();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
