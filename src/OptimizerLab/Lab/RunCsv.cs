using System.Globalization;
using System.Text;
using OptimizerLab.Analysis;
using OptimizerLab.Data;

namespace OptimizerLab.Lab;

/// <summary>
/// A run's records as CSV: one row per step with <c>step</c> and <c>loss</c>, then the diagnostics columns
/// (<see cref="DiagnosticsColumns"/>), filled on the steps where diagnostics were recorded and empty elsewhere.
/// Numbers are written in invariant shortest round-trip form, so reading a file back gives the same bits; non-finite
/// values are written as <c>nan</c>, <c>inf</c>, <c>-inf</c> (numpy's and pandas' spelling).
/// </summary>
public static class RunCsv
{
    /// <summary>The diagnostics columns in file order, named after <see cref="DiagnosticsRow"/>'s fields.</summary>
    public static IReadOnlyList<string> DiagnosticsColumns { get; } =
    [
        "lr", "grad_norm", "update_norm", "effective_step", "denom_min", "denom_median", "denom_max", "eps_dominated_share", "sharpness",
    ];

    /// <summary>The header line (without its line end).</summary>
    public static string Header { get; } = "step,loss," + string.Join(",", DiagnosticsColumns);

    /// <summary>Writes the records to <paramref name="path"/> atomically (a temporary file in the same folder, then a rename).</summary>
    public static void Write(string path, RunRecords records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var stream = RunCsvStream.Create(path);
        Replay(records, stream);
        stream.Commit();
    }

    /// <summary>Writes the records as CSV text (header line, then one line per step, '\n' line ends).</summary>
    public static void Write(TextWriter writer, RunRecords records)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        writer.Write(Header + "\n");
        var row = new byte[512];
        ForEachRow(records, (t, loss, d) => writer.Write(Encoding.UTF8.GetString(row, 0, RunCsvStream.FormatRow(row, t, loss, d))));
    }

    private static void Replay(RunRecords records, RunCsvStream stream) =>
        ForEachRow(records, (t, loss, d) =>
        {
            stream.Add(t, loss);
            if (d is { } row) stream.Add(row);
        });

    private delegate void RowAction(int step, double loss, DiagnosticsRow? row);

    /// <summary>Each step with its diagnostics row, if it has one.</summary>
    private static void ForEachRow(RunRecords records, RowAction action)
    {
        int next = 0;
        var diagnostics = records.Diagnostics;
        for (int t = 0; t < records.Loss.Length; t++)
        {
            while (next < diagnostics.Count && diagnostics[next].Step < t) next++;
            action(t, records.Loss[t], next < diagnostics.Count && diagnostics[next].Step == t ? diagnostics[next] : null);
        }
    }

    /// <summary>
    /// Reads a run's CSV. Needs the columns <c>step</c> and <c>loss</c> (in any position), with steps 0, 1, 2, … in order;
    /// diagnostics columns are optional and other columns are ignored. Blank lines and lines starting with '#' are skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">The file does not have that shape; the message names the file and line.</exception>
    public static RunRecords Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    /// <summary>Reads CSV text; <paramref name="source"/> names it in error messages.</summary>
    public static RunRecords Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[]? header = null;
        int stepColumn = -1, lossColumn = -1;
        var diagnosticsColumn = new int[DiagnosticsColumns.Count];
        var loss = new List<double>();
        var diagnostics = new List<DiagnosticsRow>();
        var values = new double[DiagnosticsColumns.Count];
        int lineNumber = 0;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (text.Length == 0 || text.StartsWith('#') || string.IsNullOrWhiteSpace(text)) continue;
            string[] cells = text.Split(',');
            if (header is null)
            {
                header = cells.Select(c => c.Trim().Trim('"').ToLowerInvariant()).ToArray();
                stepColumn = Array.IndexOf(header, "step");
                lossColumn = Array.IndexOf(header, "loss");
                if (stepColumn < 0 || lossColumn < 0)
                    throw new InvalidDataException($"{source}: line {lineNumber}: the header needs the columns 'step' and 'loss'; found '{text}'.");
                for (int k = 0; k < diagnosticsColumn.Length; k++) diagnosticsColumn[k] = Array.IndexOf(header, DiagnosticsColumns[k]);
                continue;
            }

            if (cells.Length != header.Length)
                throw new InvalidDataException($"{source}: line {lineNumber}: {cells.Length} cells, but the header has {header.Length}.");
            string stepText = cells[stepColumn].Trim();
            if (!int.TryParse(stepText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int step) || step != loss.Count)
                throw new InvalidDataException($"{source}: line {lineNumber}: expected step {loss.Count}, found '{stepText}' (steps must be 0, 1, 2, … in order).");
            loss.Add(ParseCell(cells[lossColumn], source, lineNumber, "loss", allowEmpty: false));

            bool any = false;
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = diagnosticsColumn[k] < 0 ? double.NaN : ParseCell(cells[diagnosticsColumn[k]], source, lineNumber, DiagnosticsColumns[k], allowEmpty: true);
                any |= !double.IsNaN(values[k]);
            }

            if (any)
                diagnostics.Add(new DiagnosticsRow(step, values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7], values[8]));
        }

        if (header is null) throw new InvalidDataException($"{source}: the file is empty; a run's CSV starts with a header line 'step,loss,…'.");
        if (loss.Count == 0) throw new InvalidDataException($"{source}: the file has a header but no steps.");
        return new RunRecords(loss.ToArray(), diagnostics);
    }

    /// <summary>A value as the CSV holds it: shortest round-trip, or nan/inf/-inf.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static double ParseCell(string cell, string source, int lineNumber, string column, bool allowEmpty)
    {
        string text = cell.Trim().Trim('"');
        if (text.Length == 0)
        {
            return allowEmpty
                ? double.NaN
                : throw new InvalidDataException($"{source}: line {lineNumber}: column '{column}' is empty.");
        }

        switch (text.ToLowerInvariant())
        {
            case "nan": return double.NaN;
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidDataException($"{source}: line {lineNumber}: column '{column}' holds '{text}', not a number.");
    }
}
