using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using static OptimizerLab.Data.PythonLiteral;

namespace OptimizerLab.Data;

/// <summary>The element types a .npy file may hold for us: floats, integers and bools (read as numbers).</summary>
internal enum NpyElement
{
    Float32,
    Float64,
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Bool,
}

/// <summary>
/// The checked header of a .npy file: element type, shape (1-D or 2-D, no zero-length dimension) and where the data
/// starts. Format (numpy's <c>numpy/lib/format.py</c>): the magic <c>\x93NUMPY</c>, a major and a minor version byte,
/// the header length (little-endian uint16 in 1.0, uint32 in 2.0 and 3.0), then the header: a Python literal dict
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (64, 1000), }</c> padded with spaces and ending in a
/// newline, Latin-1 in 1.0 and 2.0, UTF-8 in 3.0. The data follows at once, in C (row-major) order or, when
/// <c>fortran_order</c> is True (what <c>np.save</c> writes for a transposed array such as <c>X.T</c>), column-major.
/// </summary>
internal sealed record NpyHeader(NpyElement Element, int[] Shape, int DataOffset, bool FortranOrder)
{
    /// <summary>The magic bytes every .npy file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy refuses to parse longer headers (its <c>_MAX_HEADER_SIZE</c>); ours are ~118 bytes.</summary>
    public const int MaxHeaderLength = 10000;

    /// <summary>numpy aligns the data to 64 bytes (its <c>ARRAY_ALIGN</c>).</summary>
    public const int Alignment = 64;

    /// <summary>numpy leaves room for the first dimension to grow to 21 digits (its <c>GROWTH_AXIS_MAX_DIGITS</c>).</summary>
    public const int GrowthAxisMaxDigits = 21;

    public int ItemSize => SizeOf(Element);

    /// <summary>The bytes of one element.</summary>
    public static int SizeOf(NpyElement element) => element switch
    {
        NpyElement.Int8 or NpyElement.UInt8 or NpyElement.Bool => 1,
        NpyElement.Int16 or NpyElement.UInt16 => 2,
        NpyElement.Float32 or NpyElement.Int32 or NpyElement.UInt32 => 4,
        _ => 8,
    };

    /// <summary>numpy's name of the element type, e.g. "int64".</summary>
    public static string NameOf(NpyElement element) => element == NpyElement.Bool ? "bool" : element.ToString().ToLowerInvariant();

    public long Count => Shape.Length == 1 ? Shape[0] : (long)Shape[0] * Shape[1];

    /// <summary>
    /// Reads and checks the header from the start of <paramref name="stream"/>, whose total length is
    /// <paramref name="fileLength"/>, and checks that exactly the declared data follows. Nothing larger than the
    /// header itself is allocated, so a header declaring an absurd shape costs nothing.
    /// </summary>
    public static NpyHeader Read(Stream stream, long fileLength, string source)
    {
        Span<byte> prefix = stackalloc byte[12];
        if (fileLength < 10)
            throw Fail(source, $"not a .npy file: it is only {fileLength} bytes long, shorter than the smallest .npy header");
        stream.ReadExactly(prefix[..8]);
        if (!prefix[..6].SequenceEqual(Magic))
            throw Fail(source, $"not a .npy file: it starts with {Hex(prefix[..6])} instead of the magic \\x93NUMPY");
        int major = prefix[6], minor = prefix[7];
        if (minor != 0 || major is < 1 or > 3)
            throw Fail(source, $".npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)");

        int lengthSize = major == 1 ? 2 : 4;
        if (fileLength < 8 + lengthSize) throw Fail(source, "the file ends inside the header length");
        stream.ReadExactly(prefix.Slice(8, lengthSize));
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        int headerStart = 8 + lengthSize;
        if (headerLength > fileLength - headerStart)
            throw Fail(source, $"the header declares {headerLength} bytes but only {fileLength - headerStart} follow: the file is truncated");
        if (headerLength > MaxHeaderLength)
            throw Fail(source, $"the header is {headerLength} bytes long; numpy itself refuses headers over {MaxHeaderLength} bytes");

        byte[] headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        string text;
        try
        {
            // Version 3.0 exists only to allow UTF-8 in the header; 1.0 and 2.0 are Latin-1.
            text = major == 3 ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(source, "the version 3.0 header is not valid UTF-8");
        }

        int dataOffset = headerStart + (int)headerLength;
        var (element, dims, fortran) = Interpret(text, source);
        return new NpyHeader(element, CheckDataLength(dims, element, fileLength, dataOffset, source), dataOffset, fortran);
    }

    private static (NpyElement Element, BigInteger[] Dims, bool Fortran) Interpret(string text, string source)
    {
        object? parsed;
        try
        {
            parsed = PythonLiteral.Parse(text);
        }
        catch (FormatException e)
        {
            throw Fail(source, $"cannot parse the header {Quote(text)}: {e.Message}");
        }

        if (parsed is not PyDict dict) throw Fail(source, $"the header is not a dictionary: {Quote(text)}");
        object? descr = null, fortranOrder = null, shape = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in dict.Entries)
        {
            if (key is not string name) throw Fail(source, $"the header has a non-string key {Repr(key)}");
            if (!seen.Add(name)) throw Fail(source, $"the header has the key '{name}' twice");
            switch (name)
            {
                case "descr": descr = value; break;
                case "fortran_order": fortranOrder = value; break;
                case "shape": shape = value; break;
                default: throw Fail(source, $"the header has an unexpected key '{name}' (expected 'descr', 'fortran_order' and 'shape')");
            }
        }

        foreach (string required in (string[])["descr", "fortran_order", "shape"])
        {
            if (!seen.Contains(required)) throw Fail(source, $"the header lacks the key '{required}': {Quote(text)}");
        }

        var element = ElementOf(descr, source);
        if (fortranOrder is not bool fortran) throw Fail(source, $"fortran_order is not a valid bool: {Repr(fortranOrder)}");
        return (element, Dimensions(shape, source), fortran);
    }

    private static NpyElement ElementOf(object? descr, string source)
    {
        if (descr is PyList or PyTuple)
            throw Fail(source, $"dtype {Repr(descr)} is a structured dtype, which is not supported; {Supported}");
        if (descr is not string d) throw Fail(source, $"descr is not a valid dtype descriptor: {Repr(descr)}");

        // '<' is little-endian; '=' (native) and '|' (byte order not applicable) mean little-endian only on a
        // little-endian machine, which is how numpy itself would read them here.
        char order = d.Length > 0 && d[0] is '<' or '>' or '=' or '|' ? d[0] : '=';
        string code = d.Length > 0 && d[0] is '<' or '>' or '=' or '|' ? d[1..] : d;
        bool bigEndian = order == '>' || (order is '=' or '|' && !BitConverter.IsLittleEndian);
        NpyElement element = code switch
        {
            "f4" => NpyElement.Float32,
            "f8" => NpyElement.Float64,
            "i1" => NpyElement.Int8,
            "i2" => NpyElement.Int16,
            "i4" => NpyElement.Int32,
            "i8" => NpyElement.Int64,
            "u1" => NpyElement.UInt8,
            "u2" => NpyElement.UInt16,
            "u4" => NpyElement.UInt32,
            "u8" => NpyElement.UInt64,
            "b1" or "?" => NpyElement.Bool,
            _ => throw Fail(source, $"dtype '{d}' is not supported; {Supported}"),
        };
        if (bigEndian && SizeOf(element) > 1)
            throw Fail(source, $"dtype '{d}' is big-endian, which is not supported; save x.astype('<{code}') instead");
        return element;
    }

    private const string Supported = "use float32 or float64 (integers and bools are read too, when exact)";

    private static BigInteger[] Dimensions(object? shape, string source)
    {
        if (shape is BigInteger single)
            throw Fail(source, $"shape is not valid: {single} is not a tuple (a 1-D shape is written ({single},))");
        if (shape is not PyTuple tuple || tuple.Items.Any(d => d is not BigInteger))
            throw Fail(source, $"shape is not valid: {Repr(shape)}");
        var dims = tuple.Items.Cast<BigInteger>().ToArray();
        string text = Repr(shape);
        if (dims.Length is not (1 or 2))
            throw Fail(source, $"the array has shape {text}: {dims.Length} dimensions, but only 1-D and 2-D arrays are supported");
        if (dims.Any(d => d < 0)) throw Fail(source, $"shape {text} has a negative dimension");
        if (dims.Any(d => d.IsZero)) throw Fail(source, $"shape {text} has a zero-length dimension: the array is empty");
        return dims;
    }

    /// <summary>
    /// Compares the declared data size with the bytes the file holds, exactly (BigInteger: a declared dimension may
    /// exceed any integer type), before anything is allocated for the data; then checks that one array can hold it.
    /// </summary>
    private static int[] CheckDataLength(BigInteger[] dims, NpyElement element, long fileLength, int dataOffset, string source)
    {
        BigInteger count = dims.Aggregate(BigInteger.One, (a, b) => a * b);
        BigInteger expected = count * SizeOf(element);
        long present = fileLength - dataOffset;
        string shapeText = dims.Length == 1 ? $"({dims[0]},)" : $"({dims[0]}, {dims[1]})";
        string what = $"shape {shapeText} of {NameOf(element)} needs {expected} bytes of data";
        if (expected > present) throw Fail(source, $"the data is truncated: {what} but the file holds {present}");
        if (expected < present) throw Fail(source, $"{present - expected} extra bytes after the data: {what} but the file holds {present}");
        if (count > Array.MaxLength)
            throw Fail(source, $"{what}: {count} elements do not fit in one array (at most {Array.MaxLength})");
        return dims.Select(d => (int)d).ToArray();
    }

    /// <summary>numpy's version 1.0 header for a C-ordered little-endian array, byte for byte as <c>np.save</c> writes it.</summary>
    public static byte[] Format(NpyElement element, IReadOnlyList<int> shape)
    {
        string descr = element == NpyElement.Float32 ? "<f4" : "<f8";
        string shapeText = Array2D<float>.FormatShape(shape);
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        dict += new string(' ', GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length);
        int withNewline = dict.Length + 1;
        // numpy pads with a full 64 bytes when already aligned (ARRAY_ALIGN - 0); we do the same to stay byte-identical.
        int padding = Alignment - ((8 + 2 + withNewline) % Alignment);
        string text = dict + new string(' ', padding) + "\n";
        var bytes = new byte[10 + text.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)text.Length));
        Encoding.Latin1.GetBytes(text, bytes.AsSpan(10));
        return bytes;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) =>
        string.Concat(bytes.ToArray().Select(b => b is >= 0x20 and < 0x7f && b != '\\' ? ((char)b).ToString() : $"\\x{b:x2}"));

    private static string Quote(string header)
    {
        string trimmed = header.TrimEnd(' ', '\n', '\r', '\t');
        return trimmed.Length <= 200 ? $"\"{trimmed}\"" : $"\"{trimmed[..200]}...\"";
    }

    internal static InvalidDataException Fail(string source, string problem) => new($"{source}: {problem}");
}
