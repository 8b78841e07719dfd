using OptimizerLab.Data;
using static OptimizerLab.Properties.Data.NpyBytes;

namespace OptimizerLab.Properties.Data;

/// <summary>Hand-made .npy files of every header version and spelling read back to exactly the values written into them.</summary>
public sealed class NpyReadTests : IDisposable
{
    private readonly TempFolder _folder = new();

    // Values with distinct bit patterns: signed zero, a subnormal, the extremes, something that is not a short decimal.
    private static readonly float[] SixFloats = [-0.0f, 1.0e-45f, float.MaxValue, -3.4028235e38f, 0.1f, 1.0f / 3.0f];
    private static readonly double[] SixDoubles = [-0.0, 4.9e-324, double.MaxValue, -1.7976931348623157e308, 0.1, 1.0 / 3.0];

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Each_header_version_reads_a_2d_float32_array_bit_for_bit(int major)
    {
        string path = _folder.Write("x.npy", File(Padded(Dict("<f4", "(2, 3)"), major), Floats(SixFloats), major, utf8: major == 3));

        var array = NpyFile.Read<float>(path);

        array.Rows.Should().Be(2);
        array.Columns.Should().Be(3);
        array.IsVector.Should().BeFalse();
        array.Shape.Should().Equal(2, 3);
        Bits(array.Data).Should().Equal(Bits(SixFloats));
        array[1, 2].Should().Be(1.0f / 3.0f, "row-major: element (1, 2) is the sixth value");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Each_header_version_reads_a_1d_float64_array_bit_for_bit(int major)
    {
        string path = _folder.Write("x.npy", File(Padded(Dict("<f8", "(6,)"), major), Doubles(SixDoubles), major, utf8: major == 3));

        var array = NpyFile.Read<double>(path);

        array.IsVector.Should().BeTrue();
        array.Shape.Should().Equal(6);
        (array.Rows, array.Columns).Should().Be((6, 1));
        array.ShapeText.Should().Be("(6,)");
        Bits(array.Data).Should().Equal(Bits(SixDoubles));
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }")]
    [InlineData("{'descr':'<f4','fortran_order':False,'shape':(5,)}")]
    [InlineData("{ 'shape' : ( 5 , ) , 'descr' : '<f4' , 'fortran_order' : False }")]
    [InlineData("{\"fortran_order\": False, \"shape\": (5,), \"descr\": \"<f4\"}")]
    [InlineData("{'descr': '<f4',\n 'fortran_order': False,\n\t'shape': (5,)\n}\n")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (5L,), }")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': ((5),), }")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (+5,)}        ")]
    public void Header_spacing_quoting_key_order_and_python2_longs_are_all_accepted(string header)
    {
        float[] values = [1, 2, 3, 4, 5];
        string path = _folder.Write("v.npy", File(header, Floats(values)));

        var array = NpyFile.Read<float>(path);

        array.Shape.Should().Equal(5);
        array.Data.Should().Equal(values);
    }

    [Theory]
    [InlineData("(2, 3)")]
    [InlineData("(2,3)")]
    [InlineData("(2, 3,)")]
    [InlineData("( 2 ,\n 3 )")]
    public void Two_dimensional_shape_spellings_are_accepted(string shape)
    {
        string path = _folder.Write("m.npy", File(Padded(Dict("<f8", shape)), Doubles(SixDoubles)));
        NpyFile.Read<double>(path).Shape.Should().Equal(2, 3);
    }

    [Fact]
    public void A_header_aligned_to_16_bytes_as_older_numpy_wrote_it_is_accepted()
    {
        string dict = Dict("<f4", "(3,)");
        string header = dict + new string(' ', 16 - (10 + dict.Length + 1) % 16) + "\n";
        ((10 + header.Length) % 64).Should().NotBe(0, "the point is a header that is not 64-aligned");
        string path = _folder.Write("old.npy", File(header, Floats(1, 2, 3)));
        NpyFile.Read<float>(path).Data.Should().Equal(1f, 2f, 3f);
    }

    [Theory]
    [InlineData("=f4")]
    [InlineData("|f4")]
    [InlineData("f4")]
    public void Native_and_not_applicable_byte_orders_read_as_little_endian_on_this_machine(string descr)
    {
        BitConverter.IsLittleEndian.Should().BeTrue("these marks mean little-endian only on a little-endian machine, where the tests run");
        string path = _folder.Write("n.npy", File(Padded(Dict(descr, "(2,)")), Floats(1.5f, -2.5f)));
        NpyFile.Read<float>(path).Data.Should().Equal(1.5f, -2.5f);
    }

    [Fact]
    public void Float32_read_as_double_is_exact()
    {
        string path = _folder.Write("f.npy", File(Padded(Dict("<f4", "(6,)")), Floats(SixFloats)));
        var array = NpyFile.Read<double>(path);
        Bits(array.Data).Should().Equal(Bits(SixFloats.Select(f => (double)f).ToArray()));
    }

    [Fact]
    public void Float64_read_as_float_rounds_to_nearest_with_ties_to_even_as_numpy_astype()
    {
        // 1 + 2^-24 lies halfway between 1 and the next float 1 + 2^-23: ties go to the even significand, 1.
        // 1 + 3 * 2^-24 lies halfway between 1 + 2^-23 (odd) and 1 + 2^-22 (even): it goes up.
        // 1 + 2^-24 + 2^-50 is just above the first midpoint: it goes up.
        double[] values = [1 + Math.Pow(2, -24), 1 + 3 * Math.Pow(2, -24), 1 + Math.Pow(2, -24) + Math.Pow(2, -50), -0.0, 0.1];
        float[] expected = [1f, 1 + MathF.Pow(2, -22), 1 + MathF.Pow(2, -23), -0.0f, 0.1f];
        string path = _folder.Write("d.npy", File(Padded(Dict("<f8", "(5,)")), Doubles(values)));

        Bits(NpyFile.Read<float>(path).Data).Should().Equal(Bits(expected));
    }

    [Fact]
    public void Non_finite_values_are_read_bit_for_bit_when_allowed()
    {
        float[] values = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7fc01234)];
        string path = _folder.Write("nan.npy", File(Padded(Dict("<f4", "(2, 2)")), Floats(values)));

        Bits(NpyFile.Read<float>(path, allowNonFinite: true).Data).Should().Equal(Bits(values), "the NaN payload is kept too");
    }

    [Fact]
    public void A_float64_beyond_float32_range_becomes_infinity_when_non_finite_values_are_allowed()
    {
        string path = _folder.Write("big.npy", File(Padded(Dict("<f8", "(2,)")), Doubles(1e300, -1e300)));
        NpyFile.Read<float>(path, allowNonFinite: true).Data.Should().Equal(float.PositiveInfinity, float.NegativeInfinity);
    }

    [Fact]
    public void A_large_array_spanning_many_read_chunks_converts_every_element()
    {
        // 40,000 doubles are 320,000 bytes: several of the reader's 64 KiB chunks, with a partial last one.
        double[] values = Enumerable.Range(0, 40_000).Select(i => i * 0.37 - 5000.0).ToArray();
        string path = _folder.Write("long.npy", File(Padded(Dict("<f8", "(200, 200)")), Doubles(values)));

        NpyFile.Read<float>(path).Data.Should().Equal(values.Select(v => (float)v));
        NpyFile.Read<double>(path).Data.Should().Equal(values);
    }

    internal static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    internal static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
