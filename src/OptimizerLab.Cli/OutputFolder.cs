using System.Text;
using OptimizerLab.Data;

namespace OptimizerLab.Cli;

/// <summary>The folder a command writes its CSV, JSON and charts to; checked to be writable before anything runs.</summary>
internal sealed class OutputFolder
{
    private OutputFolder(string path) => Path = path;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Creates the folder if needed and proves it writable with a probe file; a <see cref="UsageException"/> otherwise.</summary>
    public static OutputFolder Prepare(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException("--out needs a folder path.");
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(path);
            if (System.IO.File.Exists(full)) throw new UsageException($"--out {path}: is a file, not a folder");
            for (string? parent = System.IO.Path.GetDirectoryName(full); parent is not null; parent = System.IO.Path.GetDirectoryName(parent))
            {
                if (System.IO.File.Exists(parent)) throw new UsageException($"--out {path}: {parent} is a file, so no folder can be made inside it");
            }

            Directory.CreateDirectory(full);
            string probe = System.IO.Path.Combine(full, $".write-test.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            System.IO.File.WriteAllBytes(probe, []);
            System.IO.File.Delete(probe);
        }
        catch (Exception e) when (InputFile.Reason(e) is { } reason)
        {
            throw new UsageException($"--out {path}: cannot write to this folder: {reason}", e);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--out {path}: not a usable folder path: {TextFormat.OneLine(e.Message)}", e);
        }

        return new OutputFolder(full);
    }

    /// <summary>
    /// Deletes the files <paramref name="names"/> (paths relative to the folder; "runs/*.csv" style patterns in the
    /// last part allowed) where present, and returns the relative paths deleted: outputs of an earlier command that
    /// would otherwise sit beside the new command's partial state looking current.
    /// </summary>
    public IReadOnlyList<string> Delete(IEnumerable<string> names)
    {
        var deleted = new List<string>();
        foreach (string name in names)
        {
            string folder = System.IO.Path.Combine(Path, System.IO.Path.GetDirectoryName(name) ?? "");
            if (!Directory.Exists(folder)) continue;
            foreach (string file in Directory.GetFiles(folder, System.IO.Path.GetFileName(name)).Order(StringComparer.Ordinal))
            {
                System.IO.File.Delete(file);
                deleted.Add(System.IO.Path.GetRelativePath(Path, file));
            }
        }

        return deleted;
    }

    /// <summary>The path of a file in the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Writes a text file in the folder atomically (a temporary file beside it, flushed to disk, then renamed over the
    /// target): readers, and the folder after a crash, see the old file or the complete new one. Returns its path.
    /// </summary>
    public string WriteText(string name, string text)
    {
        string path = File(name);
        using var file = AtomicFile.Create(path);
        file.Stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
        file.Commit();
        return path;
    }

    /// <summary>A label made safe as a file name: letters, digits, '.', '-', '_' kept, anything else becomes '-'.</summary>
    public static string SafeName(string label)
    {
        var name = new StringBuilder(label.Length);
        foreach (char c in label.Trim()) name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-');
        string text = name.ToString().Trim('-', '.');
        return text.Length == 0 ? "run" : text;
    }

    /// <summary>A path relative to the current folder when inside it (shorter log lines), else the full path.</summary>
    public static string Display(string path)
    {
        string relative = System.IO.Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
