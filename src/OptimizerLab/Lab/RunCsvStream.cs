using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OptimizerLab.Analysis;
using OptimizerLab.Data;

namespace OptimizerLab.Lab;

/// <summary>
/// A run's CSV (<see cref="RunCsv"/>'s format) written row by row as the run goes, so no step's record stays in memory.
/// The rows go to a temporary file beside the target (<c>.name.csv.GUID.tmp</c>), which <see cref="Commit"/> renames over
/// it: the target is always either the previous file or the complete new one. A resumed run
/// (<see cref="Resume"/>) copies the rows of the steps before its checkpoint from the target into its temporary file,
/// dropping any rows written after the checkpoint, so none is lost or doubled.
/// </summary>
public sealed class RunCsvStream : IRunRecordStream, IDisposable
{
    private const int RowBytes = 512; // a row's longest form: a step and ten 24-character doubles, with commas
    private readonly AtomicFile _file;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;
    private int _pendingStep = -1;
    private double _pendingLoss;
    private int _nextStep;

    private static readonly byte[] HeaderBytes = Encoding.UTF8.GetBytes(RunCsv.Header);

    private RunCsvStream(AtomicFile file) => _file = file;

    private string Target => _file.TargetPath;

    /// <summary>Starts the CSV that will replace <paramref name="path"/>, with its header line.</summary>
    public static RunCsvStream Create(string path)
    {
        // Shared for reading: the medians are read back from the temporary file before the commit. Unbuffered: the rows
        // are buffered here.
        var stream = new RunCsvStream(AtomicFile.Create(path, FileShare.Read, bufferSize: 1));
        stream._used = Encoding.UTF8.GetBytes(RunCsv.Header + "\n", stream._buffer);
        return stream;
    }

    /// <inheritdoc/>
    public void Add(int step, double loss)
    {
        if (step != _nextStep) throw new InvalidOperationException($"Step {step} came after step {_nextStep - 1}; a run's CSV has its steps in order.");
        _nextStep++;
        WritePending(null);
        _pendingStep = step;
        _pendingLoss = loss;
    }

    /// <inheritdoc/>
    public void Add(in DiagnosticsRow row)
    {
        if (row.Step != _pendingStep) throw new InvalidOperationException($"Diagnostics of step {row.Step} came without that step's loss.");
        WritePending(row);
    }

    /// <summary>Writes the last step's row, flushes the file to disk and renames it over the target.</summary>
    public void Commit()
    {
        Flush();
        _file.Commit();
    }

    /// <summary>Removes the temporary file unless <see cref="Commit"/> renamed it.</summary>
    public void Dispose()
    {
        _file.Dispose();
    }

    /// <inheritdoc/>
    /// <remarks>Ends the last step's row: no diagnostics can be added for it after.</remarks>
    public IEnumerable<double> Losses(int from, int to)
    {
        Flush();
        foreach (var (step, loss) in Cells(_file.TemporaryPath, from, 1))
        {
            if (step >= to) yield break;
            yield return loss;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Ends the last step's row: no diagnostics can be added for it after.</remarks>
    public IEnumerable<double> GradNorms(int from, int to)
    {
        Flush();
        foreach (var (step, gradNorm) in Cells(_file.TemporaryPath, from, 3))
        {
            if (step > to) yield break;
            if (!double.IsNaN(gradNorm)) yield return gradNorm;
        }
    }

    /// <inheritdoc/>
    public IEnumerable<(double Loss, DiagnosticsRow? Diagnostics)> Resume(int steps)
    {
        if (_nextStep != 0) throw new InvalidOperationException("Only a stream that has no step yet can resume.");
        if (steps == 0) yield break;
        if (!File.Exists(Target)) throw new InvalidDataException($"{Target}: the run's CSV is missing; it holds the steps before the checkpoint.");
        using var reader = new Utf8LineReader(new FileStream(Target, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1));
        if (!reader.TryReadLine(out var header) || !header.SequenceEqual(HeaderBytes))
            throw new InvalidDataException($"{Target}: line 1 is not the header of a run's CSV ('{RunCsv.Header}').");
        for (int t = 0; t < steps; t++)
        {
            if (!reader.TryReadLine(out var line)) throw new InvalidDataException($"{Target}: it holds {t} steps, but the checkpoint is at step {steps}.");
            var (step, loss, row) = ParseRow(line, Target, t + 2);
            if (step != t) throw new InvalidDataException($"{Target}: line {t + 2}: expected step {t}, found {step}.");
            if (_buffer.Length - _used < RowBytes + line.Length) WriteBuffer();
            line.CopyTo(_buffer.AsSpan(_used));
            _used += line.Length;
            _buffer[_used++] = (byte)'\n';
            _nextStep++;
            yield return (loss, row);
        }
    }

    private void WritePending(DiagnosticsRow? row)
    {
        if (_pendingStep < 0) return;
        if (_buffer.Length - _used < RowBytes) WriteBuffer();
        _used += FormatRow(_buffer.AsSpan(_used), _pendingStep, _pendingLoss, row);
        _pendingStep = -1;
    }

    /// <summary>Ends the last step's row and puts every row in the file, where a reader sees it.</summary>
    private void Flush()
    {
        ObjectDisposedException.ThrowIf(_file.Finished, this);
        WritePending(null);
        WriteBuffer();
    }

    private void WriteBuffer()
    {
        _file.Stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    /// <summary>One row of the CSV in UTF-8, with its line end; the number of bytes written.</summary>
    internal static int FormatRow(Span<byte> destination, int step, double loss, DiagnosticsRow? row)
    {
        Utf8Formatter.TryFormat(step, destination, out int used);
        destination[used++] = (byte)',';
        used += FormatValue(destination[used..], loss);
        if (row is { } d)
        {
            foreach (double value in (ReadOnlySpan<double>)[d.Lr, d.GradNorm, d.UpdateNorm, d.EffectiveStep, d.DenomMin, d.DenomMedian, d.DenomMax, d.EpsDominatedShare, d.Sharpness])
            {
                destination[used++] = (byte)',';
                if (!double.IsNaN(value)) used += FormatValue(destination[used..], value);
            }
        }
        else
        {
            destination.Slice(used, RunCsv.DiagnosticsColumns.Count).Fill((byte)',');
            used += RunCsv.DiagnosticsColumns.Count;
        }

        destination[used++] = (byte)'\n';
        return used;
    }

    // RunCsv.Format's spelling, without a string per value.
    private static int FormatValue(Span<byte> destination, double value)
    {
        if (double.IsFinite(value))
        {
            value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
            return written;
        }

        return Encoding.ASCII.GetBytes(RunCsv.Format(value), destination);
    }

    /// <summary>One column's cells (NaN where empty) of the rows of a file this class wrote, from step <paramref name="from"/> on.</summary>
    private static IEnumerable<(int Step, double Value)> Cells(string path, int from, int column)
    {
        using var reader = new Utf8LineReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1));
        reader.TryReadLine(out _);
        int lineNumber = 1;
        while (reader.TryReadLine(out var line))
        {
            lineNumber++;
            int step = lineNumber - 2;
            if (step < from) continue;
            var rest = line;
            for (int k = 0; k < column; k++) rest = rest[(rest.IndexOf((byte)',') + 1)..];
            int end = rest.IndexOf((byte)',');
            double value = ParseCell(end < 0 ? rest : rest[..end], path, lineNumber, column);
            yield return (step, value);
        }
    }

    /// <summary>A row of this class's own layout: step, loss, then the diagnostics columns (all empty when the step had none).</summary>
    private static (int Step, double Loss, DiagnosticsRow? Row) ParseRow(ReadOnlySpan<byte> line, string path, int lineNumber)
    {
        Span<double> values = stackalloc double[2 + RunCsv.DiagnosticsColumns.Count];
        var rest = line;
        bool any = false;
        for (int k = 0; k < values.Length; k++)
        {
            int comma = rest.IndexOf((byte)',');
            if ((comma < 0) != (k == values.Length - 1))
                throw new InvalidDataException($"{path}: line {lineNumber}: not a row of a run's CSV ({values.Length} cells).");
            var cell = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? default : rest[(comma + 1)..];
            if (cell.IsEmpty)
            {
                values[k] = k >= 2 ? double.NaN : throw new InvalidDataException($"{path}: line {lineNumber}: cell {k + 1} (the {(k == 0 ? "step" : "loss")}) is empty.");
                continue;
            }

            values[k] = ParseCell(cell, path, lineNumber, k);
            if (k >= 2) any = true;
        }

        int step = (int)values[0];
        if (step != values[0]) throw new InvalidDataException($"{path}: line {lineNumber}: the step '{values[0]}' is not a whole number.");
        return (step, values[1], any ? new DiagnosticsRow(step, values[2], values[3], values[4], values[5], values[6], values[7], values[8], values[9], values[10]) : null);
    }

    /// <summary>A cell as <see cref="RunCsv.Format"/> wrote it; empty is NaN (a diagnostics column of a step without diagnostics).</summary>
    private static double ParseCell(ReadOnlySpan<byte> cell, string path, int lineNumber, int column) =>
        cell.IsEmpty || cell.SequenceEqual("nan"u8) ? double.NaN
        : cell.SequenceEqual("inf"u8) ? double.PositiveInfinity
        : cell.SequenceEqual("-inf"u8) ? double.NegativeInfinity
        : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value
        : throw new InvalidDataException($"{path}: line {lineNumber}: cell {column + 1} holds '{Encoding.UTF8.GetString(cell)}', not a number.");
}
