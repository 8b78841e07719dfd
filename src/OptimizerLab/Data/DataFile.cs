using System.Numerics;

namespace OptimizerLab.Data;

/// <summary>
/// Reads a matrix from a .npy file, an array of a .npz archive, or a delimited text file, chosen by the file's first
/// bytes (not its name): <c>\x93NUMPY</c> is .npy, <c>PK\x03\x04</c> (zip) is .npz, anything else is text; a name ending
/// in ".npy" is always read as .npy, so that a damaged one is reported as such. An .npz archive is read only with the
/// array named, as <c>file.npz:name</c>; without a name it is refused with the names it holds.
/// </summary>
public static class DataFile
{
    /// <summary>
    /// Reads <paramref name="path"/> (see the class summary) with <see cref="NpyFile"/>, <see cref="NpzArchive"/> or
    /// <see cref="CsvMatrix"/>, and checks its shape.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, or its shape is not the expected one.</exception>
    public static Array2D<T> ReadMatrix<T>(string path, int? expectedRows = null, int? expectedColumns = null, bool allowNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = Read<T>(path, allowNonFinite);
        ShapeExpectation.CheckMatrix(array, path, expectedRows, expectedColumns);
        return array;
    }

    /// <summary>
    /// Reads a vector (shape (n,), (n, 1) or (1, n); one row or one column of a text file) and checks its length.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, not a vector, or of another length.</exception>
    public static T[] ReadVector<T>(string path, int? expectedLength = null, bool allowNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = Read<T>(path, allowNonFinite);
        ShapeExpectation.CheckVector(array, path, expectedLength);
        return array.Data;
    }

    /// <summary>
    /// Splits <c>archive.npz:name</c> into the file and the array name; any other path is the file itself. The split
    /// happens only when the whole text is not an existing file and the part before the last ':' ends in ".npz".
    /// </summary>
    public static (string File, string? ArrayName) Split(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int colon = path.LastIndexOf(':');
        if (colon <= 0 || colon == path.Length - 1 || File.Exists(path)) return (path, null);
        string file = path[..colon];
        return file.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) ? (file, path[(colon + 1)..]) : (path, null);
    }

    private static Array2D<T> Read<T>(string path, bool allowNonFinite) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (file, arrayName) = Split(path);
        if (arrayName is not null) return NpzArchive.Read<T>(file, arrayName, allowNonFinite);
        if (Path.GetExtension(file).Equals(".npy", StringComparison.OrdinalIgnoreCase) || StartsWith(file, NpyHeader.Magic))
            return NpyFile.Read<T>(file, allowNonFinite);
        if (StartsWith(file, ZipMagic))
        {
            var names = NpzArchive.ArrayNames(file);
            string example = names.Count > 0 ? names[0] : "x";
            throw new InvalidDataException(
                $"{file} is a NumPy .npz archive holding {NpzArchive.Describe(names)}: " +
                $"name the array as {file}:{example}, or save each array to its own .npy file with np.save");
        }

        return CsvMatrix.Read<T>(file, allowNonFinite);
    }

    private static ReadOnlySpan<byte> ZipMagic => "PK\x03\x04"u8;

    private static bool StartsWith(string path, ReadOnlySpan<byte> magic)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        Span<byte> start = stackalloc byte[8];
        int read = stream.ReadAtLeast(start, magic.Length, throwOnEndOfStream: false);
        return read >= magic.Length && start[..magic.Length].SequenceEqual(magic);
    }
}
