using System.Numerics;

namespace OptimizerLab.Data;

/// <summary>Checks a file's array against the shape the caller needs, with messages that name the file and both shapes.</summary>
internal static class ShapeExpectation
{
    public static void CheckMatrix<T>(Array2D<T> array, string source, int? rows, int? columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool rowsWrong = rows is { } r && r != array.Rows;
        bool columnsWrong = columns is { } c && c != array.Columns;
        if (!rowsWrong && !columnsWrong) return;
        string expected = (rowsWrong, columnsWrong) switch
        {
            (true, true) => $"{Count(rows!.Value, "row")} and {Count(columns!.Value, "column")} were",
            (true, false) => $"{Count(rows!.Value, "row")} {(rows == 1 ? "was" : "were")}",
            _ => $"{Count(columns!.Value, "column")} {(columns == 1 ? "was" : "were")}",
        };
        throw new InvalidDataException($"{source} has shape {array.ShapeText} but {expected} expected");
    }

    public static void CheckVector<T>(Array2D<T> array, string source, int? length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!array.IsVector && array.Rows != 1 && array.Columns != 1)
            throw new InvalidDataException($"{source} has shape {array.ShapeText} but a vector was expected: shape (n,), (n, 1) or (1, n)");
        if (length is { } n && n != array.Data.Length)
            throw new InvalidDataException($"{source} has shape {array.ShapeText} but {Count(n, "value")} {(n == 1 ? "was" : "were")} expected");
    }

    /// <summary>Where flat index <paramref name="index"/> lies, as numpy would index it: [i] or [row, column].</summary>
    public static string Position<T>(Array2D<T> array, int index) where T : unmanaged, IFloatingPointIeee754<T> =>
        array.IsVector ? $"[{index}]" : $"[{index / array.Columns}, {index % array.Columns}] (flat index {index})";

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
