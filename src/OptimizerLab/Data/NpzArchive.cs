using System.IO.Compression;
using System.Numerics;

namespace OptimizerLab.Data;

/// <summary>
/// Reads one array from a NumPy <c>.npz</c> archive (<c>np.savez</c>, stored; <c>np.savez_compressed</c>, deflated):
/// a zip file holding one <c>name.npy</c> member per array. The member is read as <see cref="NpyFile"/> reads a file.
/// </summary>
public static class NpzArchive
{
    /// <summary>Reads the array <paramref name="arrayName"/> (with or without ".npy") from the archive at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a zip archive, holds no such array, or the array is not readable.</exception>
    public static Array2D<T> Read<T>(string path, string arrayName, bool allowNonFinite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(arrayName);
        string source = $"{path}:{arrayName}";
        using var archive = Open(path);
        var entry = archive.GetEntry(arrayName + ".npy") ?? archive.GetEntry(arrayName)
            ?? throw new InvalidDataException($"{path}: the archive holds no array '{arrayName}'; it holds {Describe(ArrayNames(archive))}");
        using var stream = entry.Open();
        return NpyFile.Read<T>(stream, entry.Length, source, allowNonFinite);
    }

    /// <summary>The names of the arrays in the archive, in archive order (member names without ".npy").</summary>
    public static IReadOnlyList<string> ArrayNames(string path)
    {
        using var archive = Open(path);
        return ArrayNames(archive);
    }

    private static ZipArchive Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new InvalidDataException($"{path}: not a readable .npz (zip) archive: {e.Message}", e);
        }
    }

    private static string[] ArrayNames(ZipArchive archive) =>
        archive.Entries.Select(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal) ? e.FullName[..^4] : e.FullName).ToArray();

    /// <summary>"the arrays 'x', 'y'" or "no arrays".</summary>
    internal static string Describe(IReadOnlyList<string> names) =>
        names.Count == 0 ? "no arrays" : "the arrays " + string.Join(", ", names.Select(n => $"'{n}'"));
}
