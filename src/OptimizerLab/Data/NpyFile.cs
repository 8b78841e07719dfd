using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Data;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files of float32 or float64, 1-D or 2-D, C order: the arrays a PyTorch script
/// saves with <c>np.save("x.npy", x.numpy())</c>, so the lab can run on exactly the same numbers.
/// <para>
/// Reading accepts format versions 1.0, 2.0 and 3.0 and the dtypes <c>&lt;f4</c> and <c>&lt;f8</c> (<c>=</c>, <c>|</c>
/// or no byte-order mark mean the same on a little-endian machine). Anything else is refused with an
/// <see cref="InvalidDataException"/> whose message starts with the path and names the problem: bad magic,
/// unsupported version, dtype or byte order, Fortran order, a shape that is not 1-D or 2-D or has a zero-length
/// dimension, an unparseable header, truncated data or extra bytes after it (the declared size is compared with the
/// file length before anything large is allocated), and, unless allowed, NaN or infinity.
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

    /// <summary>Reads a 1-D or 2-D float32/float64 .npy file as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="path">The file; messages name it as given.</param>
    /// <param name="allowNonFinite">Accept NaN and infinities; by default the first one is reported with its index.</param>
    /// <exception cref="InvalidDataException">The file is not such a .npy file; the message says why.</exception>
    public static Array2D<T> Read<T>(string path, bool allowNonFinite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckElementType<T>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var header = NpyHeader.Read(stream, stream.Length, path);
        var data = new T[header.Count];
        var firstOverflow = ReadData(stream, header, data);
        var array = header.Shape.Length == 1 ? Array2D<T>.Vector(data) : new Array2D<T>(data, header.Shape[0], header.Shape[1]);
        if (!allowNonFinite) CheckFinite(array, path, firstOverflow);
        return array;
    }

    /// <summary>
    /// Reads a .npy file as a matrix and checks its shape: a 1-D file of length n counts as n rows of one column.
    /// Example message: "x.npy has shape (64, 999) but 1000 columns were expected".
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, or its shape is not the expected one.</exception>
    public static Array2D<T> ReadMatrix<T>(string path, int? expectedRows = null, int? expectedColumns = null, bool allowNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = Read<T>(path, allowNonFinite);
        ShapeExpectation.CheckMatrix(array, path, expectedRows, expectedColumns);
        return array;
    }

    /// <summary>
    /// Reads a .npy file holding a vector: shape <c>(n,)</c>, <c>(n, 1)</c> or <c>(1, n)</c> (torch's bias, a
    /// column of targets, a one-output weight row), and checks its length if <paramref name="expectedLength"/> is given.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, not a vector, or of another length.</exception>
    public static T[] ReadVector<T>(string path, int? expectedLength = null, bool allowNonFinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var array = Read<T>(path, allowNonFinite);
        ShapeExpectation.CheckVector(array, path, expectedLength);
        return array.Data;
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

    /// <summary>Fills <paramref name="data"/>; returns the first index (-1 if none) where a finite float64 became infinite as float32, and that value.</summary>
    private static (long Index, double Value) ReadData<T>(Stream stream, NpyHeader header, T[] data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool sameType = header.Element == (typeof(T) == typeof(float) ? NpyElement.Float32 : NpyElement.Float64);
        if (sameType)
        {
            var bytes = MemoryMarshal.AsBytes(data.AsSpan());
            stream.ReadExactly(bytes);
            if (!BitConverter.IsLittleEndian) ToLittleEndian(bytes, header.Element);
            return (-1, 0);
        }

        (long Index, double Value) firstOverflow = (-1, 0);
        var chunk = new byte[ChunkBytes];
        int done = 0;
        while (done < data.Length)
        {
            int n = Math.Min(ChunkBytes / header.ItemSize, data.Length - done);
            var bytes = chunk.AsSpan(0, n * header.ItemSize);
            stream.ReadExactly(bytes);
            if (!BitConverter.IsLittleEndian) ToLittleEndian(bytes, header.Element);
            if (header.Element == NpyElement.Float64)
            {
                // double -> float: the IEEE cast, round to nearest even, overflow to infinity, as numpy's astype.
                var source = MemoryMarshal.Cast<byte, double>(bytes);
                var target = MemoryMarshal.Cast<T, float>(data.AsSpan(done, n));
                for (int i = 0; i < n; i++)
                {
                    target[i] = (float)source[i];
                    if (firstOverflow.Index < 0 && float.IsInfinity(target[i]) && double.IsFinite(source[i])) firstOverflow = (done + i, source[i]);
                }
            }
            else
            {
                var source = MemoryMarshal.Cast<byte, float>(bytes);
                var target = MemoryMarshal.Cast<T, double>(data.AsSpan(done, n));
                for (int i = 0; i < n; i++) target[i] = source[i];
            }

            done += n;
        }

        return firstOverflow;
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

    private static void CheckFinite<T>(Array2D<T> array, string path, (long Index, double Value) firstOverflow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = FiniteCheck.IndexOfNonFinite<T>(array.Data);
        if (i < 0) return;
        string where = ShapeExpectation.Position(array, i);
        string problem = i == firstOverflow.Index
            ? $"is {PythonFloat.Repr(firstOverflow.Value)}, beyond float32's range (as float it becomes infinity)"
            : $"is {PythonFloat.Repr(double.CreateTruncating(array.Data[i]))}";
        throw new InvalidDataException($"{path}: element {where} {problem}; pass allowNonFinite: true to accept NaN and infinity");
    }

    internal static void CheckElementType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Data files are read as float or double, not {typeof(T).Name}.");
    }
}
