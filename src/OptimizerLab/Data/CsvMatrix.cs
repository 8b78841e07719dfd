using System.Globalization;
using System.Numerics;
using System.Text;

namespace OptimizerLab.Data;

/// <summary>
/// Reads and writes numeric tables as delimited text, into and from <see cref="Array2D{T}"/>.
/// <para>Reading rules, chosen so that a file is either read as its author meant or refused with a message naming the
/// file, the line and the column:</para>
/// <list type="bullet">
/// <item>The delimiter is taken from the first non-blank, non-comment line: <c>;</c> if it has one, else a tab, else
/// <c>,</c>, else runs of spaces (what <c>np.savetxt</c> writes by default). A line with both <c>;</c> and a tab is
/// refused as ambiguous. In a <c>;</c>, tab or space separated file a comma inside a number is refused as a decimal
/// comma. (In a comma separated file <c>1,5</c> is two fields; no reader can tell that from the text.)</item>
/// <item>Numbers are read in the invariant culture: <c>.</c> as decimal point, optional sign and exponent, and
/// Python's <c>nan</c>, <c>inf</c>, <c>infinity</c> in any case. No thousands separators. A value is parsed as a
/// double and then rounded to float for float, as <c>np.loadtxt(..., dtype=np.float32)</c> and
/// <c>torch.tensor(float_list, dtype=torch.float32)</c> do. NaN, infinities and values beyond the type's range are
/// refused unless <c>allowNonFinite</c>.</item>
/// <item>The first row is a header when none of its fields is a number; a row mixing numbers and text is refused.
/// Column names that are numbers (pandas' default 0, 1, 2, ...) cannot be told from data: write such files without
/// a header.</item>
/// <item>A UTF-8 byte order mark is skipped; fields are trimmed of spaces; one pair of surrounding double quotes is
/// removed (quoted delimiters are not supported); lines starting with <c>#</c> are comments (as in
/// <c>np.loadtxt</c>); blank lines are ignored at the end of the file and refused elsewhere, because they usually mean
/// two files were pasted together. Every row must have as many fields as the first.</item>
/// </list>
/// </summary>
public static partial class CsvMatrix
{
    /// <summary>Reads a numeric table; see the class summary for the rules.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <exception cref="InvalidDataException">The file breaks a rule; the message says where and how.</exception>
    public static Array2D<T> Read<T>(string path, bool allowNonFinite = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        Read<T>(path, out _, allowNonFinite);

    /// <summary>Reads a numeric table and its header row, if it has one (null otherwise).</summary>
    /// <exception cref="InvalidDataException">The file breaks a rule; the message says where and how.</exception>
    public static Array2D<T> Read<T>(string path, out IReadOnlyList<string>? header, bool allowNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NpyFile.CheckElementType<T>();
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var values = new List<T>();
        char? delimiter = null;
        int columns = -1, firstRowLine = 0, rows = 0, lineNumber = 0, firstBlank = 0;
        header = null;
        while (NextLine(reader, path, lineNumber) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                if (firstBlank == 0) firstBlank = lineNumber;
                continue;
            }

            if (line.TrimStart().StartsWith('#')) continue;
            if (firstBlank != 0)
                throw Fail(path, firstBlank, null, $"blank line, but data follows on line {lineNumber}; blank lines are only allowed at the end");
            delimiter ??= DetectDelimiter(line, path, lineNumber);
            string[] fields = Split(line, delimiter.Value);

            if (columns < 0)
            {
                columns = fields.Length;
                firstRowLine = lineNumber;
                if (IsHeader(fields, path, lineNumber))
                {
                    header = fields;
                    continue;
                }
            }
            else if (fields.Length != columns)
            {
                throw Fail(path, lineNumber, null,
                    $"{Count(fields.Length, "field")}, but line {firstRowLine} has {columns}; every row must have the same number of fields");
            }

            for (int c = 0; c < fields.Length; c++) values.Add(ParseField<T>(fields[c], delimiter.Value, allowNonFinite, path, lineNumber, c + 1));
            rows++;
        }

        if (columns < 0) throw new InvalidDataException($"{path}: the file is empty: no data rows");
        if (rows == 0) throw new InvalidDataException($"{path}: line {firstRowLine} is a header but no data rows follow");
        return new Array2D<T>(values.ToArray(), rows, columns);
    }

    /// <summary>
    /// Reads a numeric table and checks its shape, e.g. "x.csv has shape (64, 999) but 1000 columns were expected".
    /// </summary>
    /// <exception cref="InvalidDataException">The file breaks a rule, or its shape is not the expected one.</exception>
    public static Array2D<T> ReadMatrix<T>(string path, int? expectedRows = null, int? expectedColumns = null, bool allowNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = Read<T>(path, allowNonFinite);
        ShapeExpectation.CheckMatrix(array, path, expectedRows, expectedColumns);
        return array;
    }

    private static string? NextLine(StreamReader reader, string path, int lineNumber)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (DecoderFallbackException)
        {
            throw Fail(path, lineNumber + 1, null, "the text is not UTF-8 (is this a binary file, such as a .npy?)");
        }
    }

    private static char DetectDelimiter(string line, string path, int lineNumber)
    {
        bool semicolon = line.Contains(';', StringComparison.Ordinal), tab = line.Contains('\t', StringComparison.Ordinal);
        if (semicolon && tab) throw Fail(path, lineNumber, null, "both ';' and tabs appear, so the delimiter is ambiguous; use one of them");
        return semicolon ? ';' : tab ? '\t' : line.Contains(',', StringComparison.Ordinal) ? ',' : ' ';
    }

    private static string[] Split(string line, char delimiter)
    {
        string[] fields = delimiter == ' '
            ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : line.Split(delimiter, StringSplitOptions.TrimEntries);
        for (int i = 0; i < fields.Length; i++)
        {
            string f = fields[i];
            if (f.Length >= 2 && f[0] == '"' && f[^1] == '"') fields[i] = f[1..^1].Trim();
        }

        return fields;
    }

    private static bool IsHeader(string[] fields, string path, int lineNumber)
    {
        // A decimal comma counts as a number here, so that "1,5;2,5" is refused as such rather than taken for names.
        static bool LooksNumeric(string f) => TryParseNumber(f, out _) || IsDecimalComma(f);
        // Empty fields decide nothing: pandas writes an empty name over its index column, and a data row's empty
        // field is reported as such when the row is parsed.
        int firstText = Array.FindIndex(fields, f => f.Length > 0 && !LooksNumeric(f));
        if (firstText < 0) return false;
        int firstNumber = Array.FindIndex(fields, LooksNumeric);
        if (firstNumber < 0) return true;
        throw Fail(path, lineNumber, firstText + 1,
            $"{Show(fields[firstText])} is not a number, but column {firstNumber + 1} of this first row is: " +
            "a header row must hold only names and a data row only numbers");
    }

    private static T ParseField<T>(string field, char delimiter, bool allowNonFinite, string path, int line, int column)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (field.Length == 0) throw Fail(path, line, column, "empty field where a number was expected (a doubled or trailing delimiter?)");
        if (!TryParseNumber(field, out double value))
        {
            string hint = IsDecimalComma(field) ? ": decimal commas are not supported; use '.'"
                : field.IndexOfAny([',', ';', '\t']) >= 0 ? $" (this file's delimiter is {DelimiterName(delimiter)})"
                : "";
            throw Fail(path, line, column, $"{Show(field)} is not a number{hint}");
        }

        T result = T.CreateTruncating(value); // double -> float rounds to nearest even, as numpy's cast.
        if (!allowNonFinite && !T.IsFinite(result))
        {
            bool beyondRange = double.IsFinite(value) || !IsSpecial(field);
            string problem = beyondRange
                ? $"{Show(field)} is beyond {(typeof(T) == typeof(float) ? "float32" : "float64")}'s range"
                : $"{Show(field)} is not finite";
            string position = $"line {line}, column {column}";
            throw new DataValueException($"{path}, {position}: {problem}; pass allowNonFinite: true to accept NaN and infinity", path, position, field,
                beyondRange ? DataValueProblem.BeyondRange : DataValueProblem.NotFinite, DataValueException.PrecisionOf<T>());
        }

        return result;
    }

    /// <summary>Invariant-culture number, or Python's nan/inf/infinity (any case, optional sign); nothing else.</summary>
    internal static bool TryParseNumber(string text, out double value)
    {
        if (IsSpecial(text))
        {
            string body = text.TrimStart('+', '-');
            bool negative = text.StartsWith('-');
            value = body.Equals("nan", StringComparison.OrdinalIgnoreCase) ? double.NaN
                : negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        // .NET also accepts "NaN", "Infinity" and "∞" by the culture's symbols; the character check keeps those
        // (and anything else unusual) out, so only the documented forms are read.
        foreach (char c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is '+' or '-' or '.' or 'e' or 'E'))
            {
                value = 0;
                return false;
            }
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    private static bool IsDecimalComma(string field) =>
        field.Contains(',', StringComparison.Ordinal) && TryParseNumber(field.Replace(',', '.'), out _);

    private static bool IsSpecial(string text)
    {
        string body = text.Length > 0 && text[0] is '+' or '-' ? text[1..] : text;
        return body.Equals("nan", StringComparison.OrdinalIgnoreCase) || body.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || body.Equals("infinity", StringComparison.OrdinalIgnoreCase);
    }

    private static string DelimiterName(char delimiter) => delimiter switch
    {
        '\t' => "a tab",
        ' ' => "spaces",
        _ => $"'{delimiter}'",
    };

    private static string Show(string field) => field.Length <= 40 ? $"'{field}'" : $"'{field[..40]}...'";

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static InvalidDataException Fail(string path, int line, int? column, string problem) =>
        new(column is { } c ? $"{path}, line {line}, column {c}: {problem}" : $"{path}, line {line}: {problem}");
}
