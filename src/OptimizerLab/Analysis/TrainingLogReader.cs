using System.Globalization;
using System.Text;

namespace OptimizerLab.Analysis;

/// <summary>
/// Reads a loss curve from a training log as written by common tools: the lab's own CSV (<c>step,loss,…</c>),
/// TensorBoard's CSV export (<c>Wall time,Step,Value</c>), PyTorch Lightning's CSVLogger (<c>epoch,step,train_loss,val_loss</c>
/// with empty cells on rows that log other metrics), a plain <c>epoch,train_loss</c> table, or a bare loss column.
/// Comma or tab separated; steps may be sparse or start at 1; without a step column the row index is the step.
/// </summary>
public static class TrainingLogReader
{
    /// <summary>Step columns tried in order when none is named (case-insensitive).</summary>
    public static IReadOnlyList<string> StepColumns { get; } = ["step", "global_step", "iteration", "iter", "epoch"];

    /// <summary>Loss columns tried in order when none is named (case-insensitive); "value" is TensorBoard's export.</summary>
    public static IReadOnlyList<string> LossColumns { get; } = ["loss", "train_loss", "train_loss_step", "training_loss", "train/loss", "value"];

    /// <summary>Reads <paramref name="path"/>; <paramref name="stepColumn"/> and <paramref name="lossColumn"/> override the detection.</summary>
    /// <exception cref="InvalidDataException">The file is not a usable log; the message names the file and the line.</exception>
    public static TrainingLog Read(string path, string? stepColumn = null, string? lossColumn = null)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path), stepColumn, lossColumn);
    }

    /// <summary>Reads log text; <paramref name="source"/> names it in error messages.</summary>
    public static TrainingLog Read(TextReader reader, string source, string? stepColumn = null, string? lossColumn = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string[]? header = null;
        char separator = ',';
        int stepIndex = -1, lossIndex = -1;
        var steps = new List<int>();
        var loss = new List<double>();
        var lines = new List<int>();
        int lineNumber = 0, rows = 0;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text) || text.StartsWith('#')) continue;
            if (header is null)
            {
                separator = text.Contains('\t') ? '\t' : ',';
                header = text.Split(separator).Select(Unquote).ToArray();
                stepIndex = stepColumn is null ? Detect(header, StepColumns) : Named(header, stepColumn, "--step-column", source, lineNumber);
                lossIndex = lossColumn is null ? Detect(header, LossColumns) : Named(header, lossColumn, "--loss-column", source, lineNumber);
                if (lossIndex < 0)
                {
                    throw new InvalidDataException(
                        $"{source}: line {lineNumber}: no loss column among {List(header)}; name one with --loss-column " +
                        $"(found by itself: {string.Join(", ", LossColumns)}).");
                }

                if (stepIndex == lossIndex)
                    throw new InvalidDataException($"{source}: line {lineNumber}: the step and loss columns are both '{header[lossIndex]}'.");
                continue;
            }

            string[] cells = text.Split(separator);
            if (cells.Length != header.Length)
                throw new InvalidDataException($"{source}: line {lineNumber}: {cells.Length} cells, but the header has {header.Length} ({List(header)}).");
            rows++;
            string lossText = Unquote(cells[lossIndex]);
            // Lightning's CSVLogger writes one row per logging call: rows that log other metrics leave the loss empty.
            if (lossText.Length == 0) continue;
            double value = ParseLoss(lossText, source, lineNumber, header[lossIndex]);
            int step = stepIndex < 0 ? rows - 1 : ParseStep(Unquote(cells[stepIndex]), source, lineNumber, header[stepIndex]);
            if (steps.Count > 0 && step <= steps[^1])
            {
                throw new InvalidDataException(
                    $"{source}: line {lineNumber}: {header[stepIndex]} {step} does not come after {steps[^1]} (line {lines[^1]}); the steps of a log must increase.");
            }

            steps.Add(step);
            loss.Add(value);
            lines.Add(lineNumber);
        }

        if (header is null) throw new InvalidDataException($"{source}: the file is empty; a log starts with a header line such as 'step,loss'.");
        if (loss.Count == 0)
            throw new InvalidDataException($"{source}: no row has a value in the loss column '{header[lossIndex]}' (columns: {List(header)}).");
        return new TrainingLog(source, stepIndex < 0 ? null : header[stepIndex], header[lossIndex], steps.ToArray(), loss.ToArray(), lines.ToArray(), header);
    }

    private static string Unquote(string cell) => cell.Trim().Trim('"').Trim();

    private static string List(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"'{c}'"));

    private static int Detect(string[] header, IReadOnlyList<string> candidates)
    {
        foreach (string name in candidates)
        {
            int index = Array.FindIndex(header, c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return index;
        }

        return -1;
    }

    private static int Named(string[] header, string name, string option, string source, int lineNumber)
    {
        int index = Array.FindIndex(header, c => c.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? index
            : throw new InvalidDataException($"{source}: line {lineNumber}: no column '{name}' ({option}); the columns are {List(header)}.");
    }

    private static int ParseStep(string text, string source, int lineNumber, string column)
    {
        // Some loggers write whole steps as floats ("10.0"); anything else is not a step.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && value == Math.Floor(value) && value >= 0 && value <= int.MaxValue)
            return (int)value;
        throw new InvalidDataException(
            text.Length == 0
                ? $"{source}: line {lineNumber}: column '{column}' is empty on a row with a loss."
                : $"{source}: line {lineNumber}: column '{column}' holds '{text}', not a whole number >= 0.");
    }

    private static double ParseLoss(string text, string source, int lineNumber, string column)
    {
        switch (text.ToLowerInvariant())
        {
            case "nan" or "-nan": return double.NaN;
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidDataException($"{source}: line {lineNumber}: column '{column}' holds '{text}', not a number.");
    }
}
