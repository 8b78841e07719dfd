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

    /// <summary>The file that <see cref="Commit"/> replaces (a full path).</summary>
    public string TargetPath => _target;

    /// <summary>The temporary file the bytes go to until <see cref="Commit"/>.</summary>
    public string TemporaryPath => _temporary;

    /// <summary>Committed or disposed: the temporary file is gone.</summary>
    public bool Finished => _done;

    /// <summary>
    /// Starts the temporary file for <paramref name="path"/>. A writer that reads its own bytes back before the commit
    /// shares the file for reading (<paramref name="share"/>); one that buffers itself asks for no stream buffer.
    /// </summary>
    public static AtomicFile Create(string path, FileShare share = FileShare.None, int bufferSize = 1 << 16)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, share, bufferSize);
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
