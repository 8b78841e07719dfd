using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace OptimizerLab.Regression.TorchSharpLoading;

/// <summary>How TorchSharp's native library was loaded in this process.</summary>
/// <param name="Original">The libLibTorchSharp.so that .NET resolves from the test's deps.json.</param>
/// <param name="LoadedFrom">The file actually loaded: <paramref name="Original"/>, or the relaxed copy.</param>
/// <param name="LibStdCxx">The libstdc++ mapped into this process.</param>
/// <param name="RelaxedVersions">The libstdc++ versions made non-fatal; empty when the original loads as it is.</param>
internal sealed record TorchSharpLoadReport(string Original, string LoadedFrom, string LibStdCxx, IReadOnlyList<string> RelaxedVersions)
{
    /// <inheritdoc />
    public override string ToString() => RelaxedVersions.Count == 0
        ? $"TorchSharp native library loaded unchanged from {LoadedFrom} ({LibStdCxx} provides every version it needs)"
        : $"TorchSharp native library loaded from the relaxed copy {LoadedFrom}: {LibStdCxx} lacks {string.Join(", ", RelaxedVersions)}, made non-fatal";
}

/// <summary>
/// Loads TorchSharp's native backend, first making libLibTorchSharp.so loadable where the system libstdc++ is too old
/// for a version need that only a marker symbol uses (see <see cref="GlibcxxVersionRelaxation"/> and the README),
/// and sets torch to one thread. Every test that touches TorchSharp calls <see cref="EnsureLoaded"/> first; when
/// loading is impossible it throws with the reason, so those tests fail rather than skip.
/// </summary>
/// <remarks>
/// Where the relaxation is needed: the relaxed copy is written under the test output and loaded by path after
/// libtorch (its <c>$ORIGIN</c> runpath no longer finds libtorch). TorchSharp's own load of "LibTorchSharp" then first
/// tries the packaged file, which ld.so still refuses, and falls back to the bare name <c>libLibTorchSharp.so</c>,
/// which ld.so matches to the already loaded copy by its soname; P/Invokes resolve to the copy through a
/// DllImportResolver. Where libstdc++ is new enough, nothing is written and TorchSharp loads as it always does.
/// </remarks>
internal static class TorchSharpNative
{
    private const string LibraryName = "LibTorchSharp";
    private const string LibraryFile = "libLibTorchSharp.so";

    private static readonly Lazy<TorchSharpLoadReport> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    [ThreadStatic]
    private static bool _oneThreadHere;

    /// <summary>
    /// Loads the backend once per process (later calls return the same report or rethrow the same failure) and makes
    /// torch single-threaded for the calling thread.
    /// </summary>
    /// <remarks>
    /// torch.set_num_threads goes to omp_set_num_threads, whose setting belongs to the calling thread: a thread that
    /// never called it runs torch's kernels on OpenMP's default team (all cores), and xunit runs tests on pool threads.
    /// One thread keeps torch's reductions in one fixed order and keeps torch off the cores the other tests use.
    /// </remarks>
    public static TorchSharpLoadReport EnsureLoaded()
    {
        var report = Loaded.Value;
        if (!_oneThreadHere)
        {
            torch.set_num_threads(1);
            _oneThreadHere = true;
        }

        return report;
    }

    private static TorchSharpLoadReport Load()
    {
        try
        {
            return LoadBackend();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"TorchSharp's native library could not be loaded, so no comparison with PyTorch can run: {e.Message} "
                + "(see tests/Regression/README.md, 'Loading TorchSharp').", e);
        }
    }

    private static TorchSharpLoadReport LoadBackend()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            // The GLIBCXX problem is specific to the Linux build; elsewhere TorchSharp loads by itself.
            torch.InitializeDeviceType(DeviceType.CPU);
            return new TorchSharpLoadReport(LibraryName, LibraryName, "(not Linux)", []);
        }

        string original = FindOriginal();
        string libStdCxx = LibStdCxxInProcess.Path();
        byte[] bytes = File.ReadAllBytes(original);
        var library = ElfSymbolVersions.Parse(bytes);
        var provided = ElfSymbolVersions.Parse(File.ReadAllBytes(libStdCxx)).Definitions.ToHashSet(StringComparer.Ordinal);
        var (missing, symbols) = GlibcxxVersionRelaxation.FindMissing(library, provided);

        if (missing.Count == 0)
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return new TorchSharpLoadReport(original, original, libStdCxx, []);
        }

        GlibcxxVersionRelaxation.Apply(library, missing, symbols);
        string relaxed = WriteOnce(bytes, original);
        LoadRelaxed(relaxed);
        torch.InitializeDeviceType(DeviceType.CPU);
        return new TorchSharpLoadReport(original, relaxed, libStdCxx, missing.Select(n => n.Version).ToList());
    }

    /// <summary>Where .NET itself would find the library: the native search directories the host derives from deps.json.</summary>
    internal static string FindOriginal()
    {
        var directories = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(AppContext.BaseDirectory);
        foreach (var directory in directories)
        {
            string candidate = Path.Combine(directory, LibraryFile);
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException($"{LibraryFile} is in none of the native search directories ({string.Join(", ", directories)}); is the TorchSharp-cpu package restored?");
    }

    /// <summary>
    /// Writes the relaxed copy into the test output under a folder named by the original's hash, so a changed TorchSharp
    /// gets a fresh copy and concurrent test processes never see a half-written file (write, then rename).
    /// </summary>
    private static string WriteOnce(byte[] relaxedBytes, string original)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(original)))[..16];
        string directory = Path.Combine(AppContext.BaseDirectory, "glibcxx-relaxed", hash);
        string target = Path.Combine(directory, LibraryFile);
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(relaxedBytes)) return target;

        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $"{LibraryFile}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temporary, relaxedBytes);
        File.Move(temporary, target, overwrite: true);
        return target;
    }

    private static void LoadRelaxed(string relaxed)
    {
        Assembly torchSharp = typeof(torch).Assembly;

        // The copy's $ORIGIN runpath no longer points at libtorch, so its dependencies are loaded first from where
        // .NET finds them; ld.so then satisfies the copy's DT_NEEDED entries by soname.
        foreach (var dependency in new[] { "c10", "torch_cpu", "torch" })
            NativeLibrary.Load(dependency, torchSharp, null);

        IntPtr handle = NativeLibrary.Load(relaxed);
        NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == LibraryName ? handle : IntPtr.Zero);
    }
}
