using System.Numerics;

namespace OptimizerLab.Data;

/// <summary>Reads a matrix from a .npy file or a delimited text file, chosen by the file's extension.</summary>
public static class DataFile
{
    /// <summary>
    /// Reads <paramref name="path"/> with <see cref="NpyFile.ReadMatrix{T}"/> when it ends in ".npy" (any case), and
    /// with <see cref="CsvMatrix.ReadMatrix{T}"/> otherwise (.csv, .tsv, .txt, ...), and checks its shape.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, or its shape is not the expected one.</exception>
    public static Array2D<T> ReadMatrix<T>(string path, int? expectedRows = null, int? expectedColumns = null, bool allowNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return IsNpy(path)
            ? NpyFile.ReadMatrix<T>(path, expectedRows, expectedColumns, allowNonFinite)
            : CsvMatrix.ReadMatrix<T>(path, expectedRows, expectedColumns, allowNonFinite);
    }

    /// <summary>
    /// Reads a vector (shape (n,), (n, 1) or (1, n); one row or one column of a text file) and checks its length.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, not a vector, or of another length.</exception>
    public static T[] ReadVector<T>(string path, int? expectedLength = null, bool allowNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var array = IsNpy(path) ? NpyFile.Read<T>(path, allowNonFinite) : CsvMatrix.Read<T>(path, allowNonFinite);
        ShapeExpectation.CheckVector(array, path, expectedLength);
        return array.Data;
    }

    private static bool IsNpy(string path) => Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase);
}
