using System.Text;
using OptimizerLab.Data;
using static OptimizerLab.Properties.Data.NpyBytes;

namespace OptimizerLab.Properties.Data;

/// <summary>Every kind of malformed .npy file is refused with an InvalidDataException naming the file and the problem.</summary>
public sealed class NpyRejectionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private void Refused(byte[] file, string message, bool asDouble = false)
    {
        string path = _folder.Write("bad.npy", file);
        Action read = asDouble ? () => NpyFile.Read<double>(path) : () => NpyFile.Read<float>(path);
        read.Should().Throw<InvalidDataException>().WithMessage($"{path}: {message}");
    }

    private void RefusedValue(byte[] file, string message, string position, string value, DataValueProblem problem, bool asDouble = false)
    {
        string path = _folder.Write("bad.npy", file);
        Action read = asDouble ? () => NpyFile.Read<double>(path) : () => NpyFile.Read<float>(path);
        var e = read.Should().Throw<DataValueException>().WithMessage($"{path}: {message}").Which;
        (e.FileName, e.Position, e.Value, e.Problem, e.Precision).Should().Be((path, position, value, problem, asDouble ? "float64" : "float32"));
    }

    private static byte[] Good(string dict, byte[] data, int major = 1) => File(Padded(dict, major), data, major);

    [Fact]
    public void Bad_magic() =>
        Refused([.. "1.0,2.0,3.0\n4.0,5.0,6.0\n"u8], "not a .npy file: it starts with 1.0,2. instead of the magic \\x93NUMPY");

    [Fact]
    public void Magic_with_a_wrong_first_byte()
    {
        var bytes = Good(Dict("<f4", "(1,)"), Floats(1));
        bytes[0] = 0x94;
        Refused(bytes, "not a .npy file: it starts with \\x94NUMPY instead of*");
    }

    [Fact]
    public void A_file_too_short_for_any_header() => Refused([0x93, (byte)'N', (byte)'U'], "not a .npy file: it is only 3 bytes long*");

    [Fact]
    public void A_version_2_file_that_ends_inside_its_4_byte_header_length() =>
        Refused([0x93, .. "NUMPY"u8, 2, 0, 0x76, 0], "the file ends inside the header length");

    [Theory]
    [InlineData(4, 0)]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    public void Unsupported_version(int major, int minor) =>
        Refused(File(Padded(Dict("<f4", "(1,)")), Floats(1), major, minor), $".npy format version {major}.{minor} is not supported (1.0, 2.0 and 3.0 are)");

    [Theory]
    [InlineData("<f2")]
    [InlineData("<c8")]
    [InlineData("<U5")]
    [InlineData("<M8[ns]")]
    [InlineData("|O")]
    public void Unsupported_dtype_is_named(string descr) =>
        Refused(Good(Dict(descr, "(1,)"), new byte[8]), $"dtype '{descr}' is not supported; use float32 or float64 (integers and bools are read too, when exact)");

    [Theory]
    [InlineData(">f4")]
    [InlineData(">f8")]
    [InlineData(">i8")]
    [InlineData(">u2")]
    public void Big_endian_data(string descr) =>
        Refused(Good(Dict(descr, "(1,)"), new byte[8]), $"dtype '{descr}' is big-endian, which is not supported; save x.astype('<{descr[1..]}') instead");

    [Fact]
    public void Structured_dtype() =>
        Refused(File("{'descr': [('a', '<f4'), ('b', '<f4')], 'fortran_order': False, 'shape': (1,), }\n", new byte[8]),
            "dtype [('a', '<f4'), ('b', '<f4')] is a structured dtype, which is not supported; use float32 or float64*");

    [Fact]
    public void Fortran_order_that_is_not_a_bool() =>
        Refused(File("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }\n", Floats(1)), "fortran_order is not a valid bool: 0");

    [Fact]
    public void Truncated_data_says_how_many_bytes_were_expected_and_present() =>
        Refused(Good(Dict("<f4", "(2, 3)"), Floats(1, 2, 3, 4, 5)),
            "the data is truncated: shape (2, 3) of float32 needs 24 bytes of data but the file holds 20");

    [Fact]
    public void Extra_trailing_bytes() =>
        Refused(Good(Dict("<f8", "(2,)"), [.. Doubles(1, 2), 0, 0, 0]),
            "3 extra bytes after the data: shape (2,) of float64 needs 16 bytes of data but the file holds 19", asDouble: true);

    [Theory]
    [InlineData("()", "the array has shape (): 0 dimensions, but only 1-D and 2-D arrays are supported")]
    [InlineData("(1, 2, 3)", "the array has shape (1, 2, 3): 3 dimensions, but only 1-D and 2-D arrays are supported")]
    [InlineData("(0,)", "shape (0,) has a zero-length dimension: the array is empty")]
    [InlineData("(3, 0)", "shape (3, 0) has a zero-length dimension: the array is empty")]
    [InlineData("(-2, 3)", "shape (-2, 3) has a negative dimension")]
    [InlineData("(5)", "shape is not valid: 5 is not a tuple (a 1-D shape is written (5,))")]
    [InlineData("[5]", "shape is not valid: [5]")]
    [InlineData("('5',)", "shape is not valid: ('5',)")]
    public void Wrong_dimensionality_or_shape(string shape, string message) =>
        Refused(File($"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}\n", Floats(1, 2, 3, 4, 5, 6)), message);

    [Theory]
    [InlineData("{'descr' '<f4', 'fortran_order': False, 'shape': (1,)}", "':' after a dict key was expected at character 10")]
    [InlineData("{'descr': '<f4, 'fortran_order': False, 'shape': (1,)}", "',' or '}' expected in a dict at character 18")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1.0,)}", "only integers are expected in the header*")]
    [InlineData("{'descr': '<f4', 'fortran_order': false, 'shape': (1,)}", "unexpected character 'f'*")]
    [InlineData("{'descr': '<\\f4', 'fortran_order': False, 'shape': (1,)}", "escape sequences in strings are not supported*")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", "',' or '}' expected in a dict*")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x", "unexpected text after the literal*")]
    [InlineData("", "a value was expected but the text ended at character 2")]
    public void Unparseable_header_is_quoted_with_the_position_of_the_problem(string header, string problem) =>
        Refused(File(header + "\n", Floats(1)), $"cannot parse the header \"{header}\": {problem}");

    [Theory]
    [InlineData("['descr', '<f4']", "the header is not a dictionary: \"['descr', '<f4']\"")]
    [InlineData("{'descr': '<f4', 'shape': (1,)}", "the header lacks the key 'fortran_order'*")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", "the header has an unexpected key 'extra'*")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'shape': (1,)}", "the header has the key 'shape' twice")]
    [InlineData("{1: '<f4', 'fortran_order': False, 'shape': (1,)}", "the header has a non-string key 1")]
    [InlineData("{'descr': 4, 'fortran_order': False, 'shape': (1,)}", "descr is not a valid dtype descriptor: 4")]
    public void Header_dict_with_the_wrong_content(string header, string message) => Refused(File(header + "\n", Floats(1)), message);

    [Fact]
    public void Header_length_beyond_the_end_of_the_file() =>
        Refused(File(Padded(Dict("<f4", "(1,)")), [], declaredHeaderLength: 5000),
            "the header declares 5000 bytes but only 118 follow: the file is truncated");

    [Fact]
    public void Header_longer_than_numpy_allows()
    {
        string header = Dict("<f4", "(1,)") + new string(' ', 10_050) + "\n";
        Refused(File(header, Floats(1), major: 2), $"the header is {header.Length} bytes long; numpy itself refuses headers over 10000 bytes");
    }

    [Fact]
    public void Version_3_header_that_is_not_utf8()
    {
        byte[] header = [.. Encoding.Latin1.GetBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'caf\u00e9': 1}\n")];
        var bytes = File("", [.. header, .. Floats(1)], major: 3, declaredHeaderLength: header.Length);
        Refused(bytes, "the version 3.0 header is not valid UTF-8");
    }

    [Fact]
    public void NaN_is_reported_with_its_row_column_and_flat_index() =>
        RefusedValue(Good(Dict("<f4", "(2, 3)"), Floats(1, 2, 3, 4, float.NaN, 6)),
            "element [1, 1] (flat index 4) is nan; pass allowNonFinite: true to accept NaN and infinity",
            "element [1, 1] (flat index 4)", "nan", DataValueProblem.NotFinite);

    [Fact]
    public void Infinity_in_a_vector_is_reported_with_its_index() =>
        RefusedValue(Good(Dict("<f8", "(3,)"), Doubles(1, 2, double.NegativeInfinity)),
            "element [2] is -inf; pass allowNonFinite: true to accept NaN and infinity", "element [2]", "-inf", DataValueProblem.NotFinite, asDouble: true);

    [Fact]
    public void Float64_beyond_float32_range_is_reported_as_such() =>
        RefusedValue(Good(Dict("<f8", "(3,)"), Doubles(1, 1e300, double.NaN)),
            "element [1] is 1e+300, beyond float32's range (as float it becomes infinity); pass allowNonFinite: true*",
            "element [1]", "1e+300", DataValueProblem.BeyondRange);

    [Fact]
    public void NaN_in_a_fortran_ordered_file_is_reported_at_its_logical_position()
    {
        // Shape (2, 3) column-major: the file order is x[0,0], x[1,0], x[0,1], x[1,1], x[0,2], x[1,2].
        var file = File(Padded("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }"), Floats(1, 2, 3, float.NaN, 5, 6));
        RefusedValue(file, "element [1, 1] (flat index 4) is nan*", "element [1, 1] (flat index 4)", "nan", DataValueProblem.NotFinite);
    }

    [Fact]
    public void A_huge_declared_shape_is_refused_without_a_large_allocation()
    {
        byte[] file = File("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000, 1000), }\n", new byte[128]);
        file.Length.Should().BeLessThan(300);
        string path = _folder.Write("huge.npy", file);
        Action read = () => NpyFile.Read<float>(path);
        read.Should().Throw<InvalidDataException>(); // warm-up: JIT and first-use caches are not what is measured below

        string? message = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            NpyFile.Read<float>(path);
        }
        catch (InvalidDataException e)
        {
            message = e.Message;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        message.Should().Be($"{path}: the data is truncated: shape (100000000000, 1000) of float32 needs 400000000000000 bytes of data but the file holds 128");
        // The header, the stream and the exception take a few KiB; allocating for the declared shape would take 4e14 bytes.
        allocated.Should().BeLessThan(1 << 20);
    }

    [Fact]
    public void Dimensions_whose_product_overflows_64_bits_are_refused_as_truncated() =>
        Refused(File("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 9223372036854775807), }\n", new byte[8]),
            "the data is truncated: shape (9223372036854775807, 9223372036854775807) of float64 needs 680564733841876926779175262273860009992 bytes of data but the file holds 8",
            asDouble: true);

    [Fact]
    public void More_elements_than_one_array_can_hold_are_refused_before_allocating()
    {
        // An 8 GiB file is not needed: the header reader takes the file length as an argument, so we claim one.
        byte[] header = File(Padded(Dict("<f4", "(1, 2147483648)")), []);
        long claimedLength = header.Length + 4L * 2147483648;
        var read = () => OptimizerLab.Data.NpyHeader.Read(new MemoryStream(header), claimedLength, "big.npy");
        read.Should().Throw<InvalidDataException>().WithMessage(
            $"big.npy: shape (1, 2147483648) of float32 needs 8589934592 bytes of data: 2147483648 elements do not fit in one array (at most {Array.MaxLength})");
    }

    [Fact]
    public void A_missing_file_throws_FileNotFoundException_naming_it()
    {
        string path = _folder.File("absent.npy");
        Action read = () => NpyFile.Read<float>(path);
        read.Should().Throw<FileNotFoundException>().Where(e => e.Message.Contains(path, StringComparison.Ordinal));
    }
}
