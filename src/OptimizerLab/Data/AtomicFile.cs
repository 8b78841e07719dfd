namespace OptimizerLab.Data;

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one, never a half-written file: the
/// bytes go to a temporary file in the same folder (a rename across file systems would be a copy, not atomic), which
/// is flushed to disk and then renamed over the target. Disposing without <see cref="Commit"/> removes the temporary file.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _target;
    private readonly string _temporary;
    private bool _done;

    private AtomicFile(string target, string temporary, FileStream stream)
    {
        _target = target;
        _temporary = temporary;
        Stream = stream;
    }

    /// <summary>The stream of the temporary file.</summary>
    public FileStream Stream { get; }

    public static AtomicFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        return new AtomicFile(target, temporary, stream);
    }

    /// <summary>Flushes the temporary file to disk and renames it over the target.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_temporary, _target, overwrite: true);
        _done = true;
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        Stream.Dispose();
        File.Delete(_temporary);
    }
}
