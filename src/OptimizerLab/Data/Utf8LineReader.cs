namespace OptimizerLab.Data;

/// <summary>
/// The lines of a stream as UTF-8 bytes, without a string per line: a run's CSV is read back at the end of a long run
/// (the medians) and on resume, one line per step, and decoding each line into a string cost more than parsing it.
/// </summary>
/// <remarks>A line ends at '\n', with a '\r' before it dropped, as <see cref="StreamReader.ReadLine"/> reads them; a last line without '\n' is a line too.</remarks>
internal sealed class Utf8LineReader(Stream stream) : IDisposable
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <summary>The next line, valid until the next call; false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        int searched = 0;
        while (true)
        {
            int newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Trim(_buffer.AsSpan(_start, searched + newline));
                _start += searched + newline + 1;
                return true;
            }

            searched = _end - _start;
            if (_endOfStream)
            {
                line = Trim(_buffer.AsSpan(_start, searched));
                _start = _end;
                return searched > 0;
            }

            Refill();
        }
    }

    public void Dispose() => stream.Dispose();

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>Moves the unread bytes to the front (growing the buffer for a line longer than it) and reads more after them.</summary>
    private void Refill()
    {
        int unread = _end - _start;
        if (unread == _buffer.Length) Array.Resize(ref _buffer, 2 * _buffer.Length);
        else _buffer.AsSpan(_start, unread).CopyTo(_buffer);
        _start = 0;
        _end = unread;
        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _endOfStream = true;
        _end += read;
    }
}
