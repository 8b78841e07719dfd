using System.Runtime.InteropServices;

namespace OptimizerLab.Regression.TorchSharpLoading;

/// <summary>Finds the libstdc++.so.6 this process uses, which is the one every later library's DT_NEEDED binds to.</summary>
internal static class LibStdCxxInProcess
{
    /// <summary>The path of the mapped libstdc++.so.6 (the .NET host links it, so it is normally mapped already).</summary>
    public static string Path()
    {
        if (FindMapped() is { } mapped) return mapped;

        // Not mapped yet: let ld.so pick it exactly as it would for a DT_NEEDED entry (LD_LIBRARY_PATH, cache, defaults).
        NativeLibrary.Load(GlibcxxVersionRelaxation.LibStdCxx);
        return FindMapped() ?? throw new InvalidOperationException(
            $"{GlibcxxVersionRelaxation.LibStdCxx} was loaded but does not appear in /proc/self/maps.");
    }

    private static string? FindMapped()
    {
        // /proc/self/maps lines end with the mapped file's path: "addr perms offset dev inode   /path".
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0) continue;
            string path = line[slash..];
            if (System.IO.Path.GetFileName(path).StartsWith(GlibcxxVersionRelaxation.LibStdCxx, StringComparison.Ordinal))
                return path;
        }

        return null;
    }
}
