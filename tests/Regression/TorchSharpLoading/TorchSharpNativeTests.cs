using System.Runtime.InteropServices;
using TorchSharp;

namespace OptimizerLab.Regression.TorchSharpLoading;

/// <summary>TorchSharp's backend loads in this process, from the file the load report names, and computes.</summary>
public class TorchSharpNativeTests
{
    [Fact]
    public void The_backend_loads_from_the_reported_file_and_computes()
    {
        var report = TorchSharpNative.EnsureLoaded();

        var mapped = File.ReadLines("/proc/self/maps").Where(l => l.EndsWith("/libLibTorchSharp.so", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf('/', StringComparison.Ordinal)..]).Distinct().ToList();
        mapped.Should().Equal([report.LoadedFrom], "exactly one libLibTorchSharp.so is mapped, the one the report names");

        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        (x * x).sum().backward();
        x.grad!.data<double>().ToArray().Should().Equal(2, 4, 6);
    }

    [Fact]
    public void The_library_is_relaxed_exactly_when_the_process_libstdcxx_lacks_a_needed_version()
    {
        var report = TorchSharpNative.EnsureLoaded();
        var provided = ElfSymbolVersions.Parse(File.ReadAllBytes(LibStdCxxInProcess.Path())).Definitions.ToHashSet();
        var original = ElfSymbolVersions.Parse(File.ReadAllBytes(TorchSharpNative.FindOriginal()));
        var missing = GlibcxxVersionRelaxation.FindMissing(original, provided).Missing.Select(n => n.Version);

        report.RelaxedVersions.Should().Equal(missing);
        (report.LoadedFrom == report.Original).Should().Be(report.RelaxedVersions.Count == 0);
    }

    [Fact]
    public void The_unmodified_library_loads_exactly_when_no_version_is_relaxed()
    {
        // The premise of the relaxation: where a version is missing, ld.so really refuses the packaged file.
        var report = TorchSharpNative.EnsureLoaded();
        bool loads = NativeLibrary.TryLoad(report.Original, out _);
        loads.Should().Be(report.RelaxedVersions.Count == 0);
    }

    [Fact]
    public void Every_thread_that_loads_runs_torch_on_one_thread()
    {
        // xunit runs tests on pool threads, and torch's thread count belongs to each thread (OpenMP), so the setting
        // made while loading on one thread must be made again on every other thread that uses torch.
        TorchSharpNative.EnsureLoaded();
        int onAnotherThread = 0;
        var thread = new Thread(() =>
        {
            TorchSharpNative.EnsureLoaded();
            onAnotherThread = torch.get_num_threads();
        });
        thread.Start();
        thread.Join();

        torch.get_num_threads().Should().Be(1);
        onAnotherThread.Should().Be(1);
    }
}
