namespace OptimizerLab.Data;

/// <summary>What is wrong with one value of a data file.</summary>
public enum DataValueProblem
{
    /// <summary>NaN or an infinity in the file itself.</summary>
    NotFinite,

    /// <summary>A finite value beyond the range of the precision it is read in (it would become infinity).</summary>
    BeyondRange,

    /// <summary>An integer that the precision it is read in cannot hold exactly (it would be rounded).</summary>
    NotExact,
}

/// <summary>
/// A data file holds a value that cannot be read as asked: which file, where (numpy's index or the text's line and
/// column), the value as written, and the problem. The message is the library's; a front end such as the CLI can
/// word its own from the properties. (Not an <see cref="InvalidDataException"/>, which is sealed: the file's format is
/// fine, one of its values is not.)
/// </summary>
/// <param name="message">The full text, starting with the source.</param>
/// <param name="source">The file as the caller named it.</param>
/// <param name="position">Where the value is.</param>
/// <param name="value">The value as the file holds it.</param>
/// <param name="problem">What is wrong with it.</param>
/// <param name="precision">The precision it was read in.</param>
public sealed class DataValueException(string message, string source, string position, string value, DataValueProblem problem, string precision)
    : Exception(message)
{
    /// <summary>The file (or archive member, as <c>archive.npz:name</c>) as the caller named it.</summary>
    public string FileName { get; } = source;

    /// <summary>Where the value is: "element [3, 4] (flat index 3004)", "element [7]" or "line 3, column 2".</summary>
    public string Position { get; } = position;

    /// <summary>The value as the file holds it (Python's repr for binary values, the field's text for text files).</summary>
    public string Value { get; } = value;

    /// <summary>What is wrong with it.</summary>
    public DataValueProblem Problem { get; } = problem;

    /// <summary>The precision it was read in: "float32" or "float64".</summary>
    public string Precision { get; } = precision;

    /// <summary>The precision name of <typeparamref name="T"/>.</summary>
    internal static string PrecisionOf<T>() => typeof(T) == typeof(float) ? "float32" : "float64";
}
