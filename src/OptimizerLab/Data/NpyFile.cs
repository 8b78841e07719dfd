using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Data;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files, 1-D or 2-D: the arrays a PyTorch script saves with
/// <c>np.save("x.npy", x.numpy())</c>, so the lab can run on exactly the same numbers. Writing gives float32 or
/// float64 in C order.
/// <para>
/// Reading accepts format versions 1.0, 2.0 and 3.0; the dtypes <c>&lt;f4</c>, <c>&lt;f8</c>, the integers
/// <c>i1</c>…<c>i8</c> and <c>u1</c>…<c>u8</c>, and <c>b1</c> (bool), little-endian (<c>=</c>, <c>|</c> or no
/// byte-order mark mean the same on a little-endian machine); C order and Fortran (column-major) order, which is
/// transposed on reading so that the array has the shape the header declares. Integers are read exactly or refused:
/// one that the precision cannot hold (beyond 2^24 in float32, 2^53 in float64, unless its bits happen to fit) is a
/// <see cref="DataValueException"/> naming its index and value. Anything else is refused with an
/// <see cref="InvalidDataException"/> whose message starts with the path and names the problem: bad magic,
/// unsupported version, dtype or byte order, a shape that is not 1-D or 2-D or has a zero-length dimension, an
/// unparseable header, truncated data or extra bytes after it (the declared size is compared with the file length
/// before anything large is allocated), and, unless allowed, NaN or infinity.
/// </para>
/// <para>
/// Reading a float64 file as float rounds each value to the nearest float (ties to even; beyond float's range it
/// becomes infinity, refused unless <c>allowNonFinite</c>), and reading float32 as double is exact: both as numpy's
/// <c>astype</c> does.
/// </para>
/// </summary>
public static class NpyFile
{
    private const int ChunkBytes = 1 << 16;

    /// <summary>Reads a 1-D or 2-D .npy file as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="path">The file; messages name it as given.</param>
    /// <param name="allowNonFinite">Accept NaN and infinities; by default the first one is reported with its index.</param>
    /// <exception cref="InvalidDataException">The file is not such a .npy file; the message says why.</exception>
    /// <exception cref="DataValueException">A value cannot be read as <typeparamref name="T"/> (an integer it cannot hold
    /// exactly, or, unless allowed, NaN, infinity or a float64 beyond float32's range).</exception>
    public static Array2D<T> Read<T>(string path, bool allowNonFinite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckElementType<T>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        return Read<T>(stream, stream.Length, path, allowNonFinite);
    }

    /// <summary>Reads a .npy array of <paramref name="length"/> bytes from <paramref name="stream"/> (a file, or a member of an .npz archive).</summary>
    internal static Array2D<T> Read<T>(Stream stream, long length, string source, bool allowNonFinite) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckElementType<T>();
        var header = NpyHeader.Read(stream, length, source);
        var data = new T[header.Count];
        var problem = ReadData(stream, header, data);
        int rows = header.Shape[0], columns = header.Shape.Length == 1 ? 1 : header.Shape[1];
        // Column-major data (np.save of X.T) holds the transpose in row-major order: turn it back, and map indices alike.
        bool transposed = header.FortranOrder && header.Shape.Length == 2;
        if (transposed) data = Transpose(data, rows: columns, columns: rows);
        var array = header.Shape.Length == 1 ? Array2D<T>.Vector(data) : new Array2D<T>(data, rows, columns);
        if (problem is { } p && (p.Problem == DataValueProblem.NotExact || !allowNonFinite))
        {
            long flat = transposed ? p.Index % rows * columns + p.Index / rows : p.Index;
            throw ValueProblem<T>(array, source, (int)flat, p.Value, p.Problem, NpyHeader.NameOf(header.Element));
        }

        if (!allowNonFinite) CheckFinite(array, source);
        return array;
    }

    /// <summary>
    /// Writes <paramref name="data"/> as a C-ordered little-endian .npy file (float32 for float, float64 for double)
    /// with the version 1.0 header that <c>np.save</c> writes, padded so the data starts on a 64-byte boundary.
    /// The file is replaced atomically: the bytes go to a temporary file in the same folder, are flushed, then renamed.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="data">The elements in C (row-major) order.</param>
    /// <param name="shape">One or two positive dimensions whose product is the data length; none means <c>(data.Length,)</c>.</param>
    /// <exception cref="ArgumentException">The shape does not fit the data, or is not 1-D or 2-D.</exception>
    public static void Write<T>(string path, ReadOnlySpan<T> data, params int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(shape);
        CheckElementType<T>();
        if (shape.Length == 0) shape = [data.Length];
        if (shape.Length > 2) throw new ArgumentException($"Only 1-D and 2-D arrays can be written; the shape has {shape.Length} dimensions.", nameof(shape));
        foreach (int d in shape)
            ArgumentOutOfRangeException.ThrowIfLessThan(d, 1, nameof(shape));
        long count = shape.Length == 1 ? shape[0] : (long)shape[0] * shape[1];
        if (count != data.Length)
            throw new ArgumentException($"Shape {Array2D<T>.FormatShape(shape)} holds {count} elements but the data has {data.Length}.", nameof(shape));

        var element = typeof(T) == typeof(float) ? NpyElement.Float32 : NpyElement.Float64;
        using var file = AtomicFile.Create(path);
        file.Stream.Write(NpyHeader.Format(element, shape));
        if (BitConverter.IsLittleEndian)
        {
            file.Stream.Write(MemoryMarshal.AsBytes(data));
        }
        else
        {
            var chunk = new byte[ChunkBytes];
            var bytes = MemoryMarshal.AsBytes(data);
            for (int offset = 0; offset < bytes.Length; offset += chunk.Length)
            {
                int n = Math.Min(chunk.Length, bytes.Length - offset);
                bytes.Slice(offset, n).CopyTo(chunk);
                ToLittleEndian(chunk.AsSpan(0, n), element);
                file.Stream.Write(chunk, 0, n);
            }
        }

        file.Commit();
    }

    /// <summary>Writes <paramref name="array"/> with its own shape (<c>(n,)</c> for a vector).</summary>
    public static void Write<T>(string path, Array2D<T> array) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(array);
        Write<T>(path, array.Data, [.. array.Shape]);
    }

    /// <summary>
    /// Fills <paramref name="data"/> in the file's order; returns the first value (by file index) that <typeparamref name="T"/>
    /// cannot hold: an integer it would round, or a finite float64 that becomes infinite as float32. Null if none.
    /// </summary>
    private static (long Index, string Value, DataValueProblem Problem)? ReadData<T>(Stream stream, NpyHeader header, T[] data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool sameType = header.Element == (typeof(T) == typeof(float) ? NpyElement.Float32 : NpyElement.Float64);
        if (sameType)
        {
            var bytes = MemoryMarshal.AsBytes(data.AsSpan());
            stream.ReadExactly(bytes);
            if (!BitConverter.IsLittleEndian) ToLittleEndian(bytes, header.Element);
            return null;
        }

        (long Index, string Value, DataValueProblem Problem)? first = null;
        int significand = typeof(T) == typeof(float) ? 24 : 53;
        int size = header.ItemSize;
        var chunk = new byte[ChunkBytes];
        int done = 0;
        while (done < data.Length)
        {
            int n = Math.Min(ChunkBytes / size, data.Length - done);
            var bytes = chunk.AsSpan(0, n * size);
            stream.ReadExactly(bytes);
            for (int i = 0; i < n; i++)
            {
                var item = bytes.Slice(i * size, size);
                (T value, string? problemValue, DataValueProblem problem) = header.Element switch
                {
                    NpyElement.Float32 => (T.CreateTruncating(BinaryPrimitives.ReadSingleLittleEndian(item)), null, default),
                    NpyElement.Float64 => FromDouble<T>(BinaryPrimitives.ReadDoubleLittleEndian(item)),
                    NpyElement.Int8 => FromInteger<T>((sbyte)item[0], significand),
                    NpyElement.Int16 => FromInteger<T>(BinaryPrimitives.ReadInt16LittleEndian(item), significand),
                    NpyElement.Int32 => FromInteger<T>(BinaryPrimitives.ReadInt32LittleEndian(item), significand),
                    NpyElement.Int64 => FromInteger<T>(BinaryPrimitives.ReadInt64LittleEndian(item), significand),
                    NpyElement.UInt8 => FromInteger<T>(item[0], significand),
                    NpyElement.UInt16 => FromInteger<T>(BinaryPrimitives.ReadUInt16LittleEndian(item), significand),
                    NpyElement.UInt32 => FromInteger<T>(BinaryPrimitives.ReadUInt32LittleEndian(item), significand),
                    NpyElement.UInt64 => FromUnsigned<T>(BinaryPrimitives.ReadUInt64LittleEndian(item), significand),
                    _ => (item[0] == 0 ? T.Zero : T.One, null, default), // numpy's bool: any non-zero byte is True.
                };
                data[done + i] = value;
                if (problemValue is not null) first ??= (done + i, problemValue, problem);
            }

            done += n;
        }

        return first;
    }

    // double -> float: the IEEE cast, round to nearest even, overflow to infinity, as numpy's astype.
    private static (T, string?, DataValueProblem) FromDouble<T>(double value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T result = T.CreateTruncating(value);
        return T.IsFinite(result) || !double.IsFinite(value)
            ? (result, null, default)
            : (result, PythonFloat.Repr(value), DataValueProblem.BeyondRange);
    }

    private static (T, string?, DataValueProblem) FromInteger<T>(long value, int significand) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ulong magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        return IsExact(magnitude, significand)
            ? (T.CreateTruncating(value), null, default)
            : (T.CreateTruncating(value), value.ToString(CultureInfo.InvariantCulture), DataValueProblem.NotExact);
    }

    private static (T, string?, DataValueProblem) FromUnsigned<T>(ulong value, int significand) where T : unmanaged, IFloatingPointIeee754<T> =>
        IsExact(value, significand)
            ? (T.CreateTruncating(value), null, default)
            : (T.CreateTruncating(value), value.ToString(CultureInfo.InvariantCulture), DataValueProblem.NotExact);

    /// <summary>A whole number is exact in a binary float when its set bits span at most the significand's width.</summary>
    internal static bool IsExact(ulong magnitude, int significandBits) =>
        magnitude == 0 || 64 - BitOperations.LeadingZeroCount(magnitude) - BitOperations.TrailingZeroCount(magnitude) <= significandBits;

    private static T[] Transpose<T>(T[] data, int rows, int columns)
    {
        var result = new T[data.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++) result[c * rows + r] = data[r * columns + c];
        }

        return result;
    }

    private static void ToLittleEndian(Span<byte> bytes, NpyElement element)
    {
        if (element == NpyElement.Float32)
        {
            var words = MemoryMarshal.Cast<byte, uint>(bytes);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
        else
        {
            var words = MemoryMarshal.Cast<byte, ulong>(bytes);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    private static void CheckFinite<T>(Array2D<T> array, string source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = FiniteCheck.IndexOfNonFinite<T>(array.Data);
        if (i >= 0) throw ValueProblem(array, source, i, PythonFloat.Repr(double.CreateTruncating(array.Data[i])), DataValueProblem.NotFinite, "");
    }

    private static DataValueException ValueProblem<T>(Array2D<T> array, string source, int index, string value, DataValueProblem problem, string dtype)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string position = $"element {ShapeExpectation.Position(array, index)}";
        string precision = DataValueException.PrecisionOf<T>();
        string text = problem switch
        {
            DataValueProblem.NotFinite => $"is {value}; pass allowNonFinite: true to accept NaN and infinity",
            DataValueProblem.BeyondRange => $"is {value}, beyond float32's range (as float it becomes infinity); pass allowNonFinite: true to accept NaN and infinity",
            _ => $"is {value} ({dtype}), which {precision} cannot hold exactly: it holds every whole number only up to " +
                 $"{(precision == "float32" ? "2^24 = 16777216" : "2^53 = 9007199254740992")} in magnitude",
        };
        return new DataValueException($"{source}: {position} {text}", source, position, value, problem, precision);
    }

    internal static void CheckElementType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Data files are read as float or double, not {typeof(T).Name}.");
    }
}
