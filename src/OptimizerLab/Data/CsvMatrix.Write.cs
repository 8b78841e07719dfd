using System.Globalization;
using System.Numerics;
using System.Text;

namespace OptimizerLab.Data;

public static partial class CsvMatrix
{
    /// <summary>
    /// Writes <paramref name="data"/> row by row, after an optional header row of column names, as comma separated
    /// text that <see cref="Read{T}(string, bool)"/>, <c>np.loadtxt(path, delimiter=",", skiprows=1 if header)</c> and pandas read back to
    /// the same bits: UTF-8 without byte order mark, LF line ends, invariant culture, each value in the shortest form
    /// that round-trips (.NET's "R"; a float in float's own shortest digits, so 0.1f is written "0.1"), non-finite
    /// values as Python writes them (<c>nan</c>, <c>inf</c>, <c>-inf</c>). The file is replaced atomically: written
    /// to a temporary file in the same folder, flushed, then renamed.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="data">The table; a vector is written as one column.</param>
    /// <param name="header">
    /// Column names, one per column, or null for none. So that the row reads back as this header, names must be
    /// non-empty, not numbers, without delimiters (',', ';', tab), quotes, line breaks or surrounding spaces (and
    /// without inner spaces when there is one column); the first must not start with '#'.
    /// </param>
    /// <exception cref="ArgumentException">The header does not fit the data or would not read back as a header.</exception>
    public static void Write<T>(string path, Array2D<T> data, IReadOnlyList<string>? header = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(data);
        NpyFile.CheckElementType<T>();
        if (header is not null) CheckHeader(header, data.Columns);

        using var file = AtomicFile.Create(path);
        using (var writer = new StreamWriter(file.Stream, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true))
        {
            writer.NewLine = "\n";
            if (header is not null) writer.WriteLine(string.Join(',', header));
            Span<char> buffer = stackalloc char[64];
            for (int r = 0; r < data.Rows; r++)
            {
                var row = data.Row(r);
                for (int c = 0; c < row.Length; c++)
                {
                    if (c > 0) writer.Write(',');
                    writer.Write(Format(row[c], buffer));
                }

                writer.WriteLine();
            }
        }

        file.Commit();
    }

    private static ReadOnlySpan<char> Format<T>(T value, Span<char> buffer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(value)) return "nan";
        if (T.IsPositiveInfinity(value)) return "inf";
        if (T.IsNegativeInfinity(value)) return "-inf";
        // "R" on float formats the float's own shortest digits, not those of its double widening.
        if (!value.TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture))
            throw new InvalidOperationException("A float or double needs more than 64 characters.");
        return buffer[..written];
    }

    private static void CheckHeader(IReadOnlyList<string> header, int columns)
    {
        if (header.Count != columns)
            throw new ArgumentException($"The header has {header.Count} names but the data has {columns} columns.", nameof(header));
        for (int i = 0; i < header.Count; i++)
        {
            string name = header[i] ?? throw new ArgumentException($"Header name {i} is null.", nameof(header));
            if (name.Length == 0 || name.Trim() != name || name.IndexOfAny([',', ';', '\t', '"', '\r', '\n']) >= 0)
                throw new ArgumentException(
                    $"Header name {i} ('{name}') must be non-empty, without surrounding spaces, delimiters, quotes or line breaks.", nameof(header));
        }

        if (header[0].StartsWith('#'))
            throw new ArgumentException($"The first header name ('{header[0]}') starts with '#', which makes the row a comment.", nameof(header));
        if (header.Any(n => TryParseNumber(n, out _)))
            throw new ArgumentException(
                $"Header name '{header.First(n => TryParseNumber(n, out _))}' is a number; a header row must hold only names to be read back as one.", nameof(header));
        if (header.Count == 1 && header[0].Contains(' ', StringComparison.Ordinal))
            throw new ArgumentException($"The only header name ('{header[0]}') holds a space, which a one-column file would read as a delimiter.", nameof(header));
    }
}
