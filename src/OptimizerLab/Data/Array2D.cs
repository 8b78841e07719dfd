using System.Numerics;

namespace OptimizerLab.Data;

/// <summary>
/// A row-major matrix of float or double read from or written to a data file (.npy, CSV): element (r, c) is
/// <c>Data[r * Columns + c]</c>, the layout of a C-ordered numpy array and of a torch tensor's <c>.numpy()</c>.
/// A 1-D array of length n is held as n rows of one column, with <see cref="Shape"/> keeping the file's own shape
/// <c>[n]</c> so that messages and writers can give it back unchanged.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class Array2D<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _shape;

    /// <summary>A matrix of <paramref name="rows"/> × <paramref name="columns"/> over <paramref name="data"/> (not copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1.</exception>
    /// <exception cref="ArgumentException">The data length is not rows × columns.</exception>
    public Array2D(T[] data, int rows, int columns)
        : this(data, [rows, columns])
    {
    }

    private Array2D(T[] data, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (int d in shape) ArgumentOutOfRangeException.ThrowIfLessThan(d, 1, nameof(shape));
        long count = shape.Length == 1 ? shape[0] : (long)shape[0] * shape[1];
        if (data.Length != count)
            throw new ArgumentException($"Shape {FormatShape(shape)} holds {count} elements but the data has {data.Length}.", nameof(data));
        Data = data;
        _shape = shape;
        Rows = shape[0];
        Columns = shape.Length == 1 ? 1 : shape[1];
    }

    /// <summary>A 1-D array of shape <c>(n,)</c> over <paramref name="data"/> (not copied): n rows of one column.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="data"/> is empty.</exception>
    public static Array2D<T> Vector(T[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Array2D<T>(data, [data.Length]);
    }

    /// <summary>The elements, row after row.</summary>
    public T[] Data { get; }

    /// <summary>The number of rows (the length, for a 1-D array).</summary>
    public int Rows { get; }

    /// <summary>The number of columns (1 for a 1-D array).</summary>
    public int Columns { get; }

    /// <summary>The shape as the file declared it: <c>[n]</c> for a 1-D array, <c>[rows, columns]</c> otherwise.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>True when the array came from (or is written as) a 1-D array of shape <c>(n,)</c>.</summary>
    public bool IsVector => _shape.Length == 1;

    /// <summary>The shape as Python prints it: <c>(64, 1000)</c>, <c>(5,)</c>.</summary>
    public string ShapeText => FormatShape(_shape);

    /// <summary>Element (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public T this[int row, int column]
    {
        get
        {
            CheckIndex(row, column);
            return Data[row * Columns + column];
        }
        set
        {
            CheckIndex(row, column);
            Data[row * Columns + column] = value;
        }
    }

    /// <summary>Row <paramref name="row"/> as a span over <see cref="Data"/>.</summary>
    public Span<T> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return Data.AsSpan(row * Columns, Columns);
    }

    private void CheckIndex(int row, int column)
    {
        // Checked here because a column past the end would silently land in the next row.
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
    }

    internal static string FormatShape(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
}
