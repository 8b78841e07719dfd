using OptimizerLab.Data;

namespace OptimizerLab.Cli;

/// <summary>
/// Reads a file the user named on the command line. Every problem becomes one <see cref="UsageException"/> line that
/// starts with the option (or argument) and the file, then the real reason: "--x /tmp: is a directory, not a file",
/// "--y y.npy: no such file", "--x x.csv, line 3, column 2: 'abc' is not a number".
/// </summary>
internal static class InputFile
{
    /// <summary>Checks <paramref name="file"/> (the file <paramref name="path"/> names) and runs <paramref name="read"/>, turning each failure into a usage error.</summary>
    /// <param name="option">How the user gave the file: "--x", "--init-weight", "explain".</param>
    /// <param name="path">The path as the user wrote it (for an .npz array, with its ":name").</param>
    /// <param name="file">The file on disk behind <paramref name="path"/>.</param>
    /// <param name="read">Reads it; throws the library's exceptions.</param>
    /// <param name="text">What text the file must hold (e.g. "a run's CSV"), or null: then a binary file is refused as such
    /// before <paramref name="read"/> would print its bytes.</param>
    public static T Read<T>(string option, string path, string file, Func<T> read, string? text = null)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UsageException($"{option} needs a file path.");
        if (Directory.Exists(file)) throw Problem(option, file, "is a directory, not a file");
        if (!File.Exists(file)) throw Problem(option, file, NotFound(file));
        if (new FileInfo(file).Length == 0) throw Problem(option, file, "the file is empty (0 bytes)");
        try
        {
            if (text is not null && Binary(file) is { } kind) throw Problem(option, file, $"is {kind}, not {text}");
            return read();
        }
        catch (DataValueException e)
        {
            throw new UsageException($"{option} {e.FileName}: {e.Position} is {e.Value}{Advice(e)}", e);
        }
        catch (InvalidDataException e)
        {
            // The data library's messages start with the file itself ("x.csv, line 3: …", "x.npy has shape …").
            throw new UsageException($"{option} {OneLine(e.Message)}", e);
        }
        catch (Exception e) when (Reason(e) is { } reason)
        {
            throw Problem(option, file, reason, e);
        }
    }

    /// <summary>The real reason behind a file system error, in a few words; null for other exceptions.</summary>
    public static string? Reason(Exception e) => e switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "a folder on the path does not exist",
        UnauthorizedAccessException => "permission denied",
        PathTooLongException => "the path is too long",
        IOException => OneLine(e.Message),
        _ => null,
    };

    /// <summary>"a .npy file", "an .npz archive" or "a binary file" when the start of the file is not text; null for text.</summary>
    private static string? Binary(string file)
    {
        var start = new byte[4096];
        int length;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1)) length = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        var bytes = start.AsSpan(0, length);
        if (bytes.StartsWith(NpyHeader.Magic)) return "a .npy file";
        if (bytes.StartsWith("PK\x03\x04"u8)) return "an .npz (zip) archive";
        // A NUL byte never appears in text; a cut in the middle of a UTF-8 sequence at the end of the sample is fine.
        return bytes.Contains((byte)0) || System.Text.Unicode.Utf8.IsValid(bytes[..^Math.Min(3, bytes.Length)]) is false ? "a binary file" : null;
    }

    private static string NotFound(string file)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(file));
        return folder is null || Directory.Exists(folder) ? "no such file" : $"no such file (the folder {folder} does not exist)";
    }

    private static string Advice(DataValueException e) => e.Problem switch
    {
        DataValueProblem.NotFinite =>
            "; the lab trains on finite numbers only: replace or drop it (np.nan_to_num, pandas' dropna) and save the file again",
        DataValueProblem.BeyondRange => $", beyond {e.Precision}'s range; run with --precision float64, or rescale the data",
        _ => e.Precision == "float32"
            ? ", which float32 cannot hold exactly (whole numbers are exact up to 2^24); run with --precision float64, or save the data as float32 yourself to accept the rounding"
            : ", which float64 cannot hold exactly (whole numbers are exact up to 2^53); save the data as float64 yourself to accept the rounding",
    };

    private static UsageException Problem(string option, string file, string reason, Exception? inner = null) =>
        inner is null ? new($"{option} {file}: {reason}") : new($"{option} {file}: {reason}", inner);
}
