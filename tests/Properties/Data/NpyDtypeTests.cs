using OptimizerLab.Data;
using static OptimizerLab.Properties.Data.NumpyFixtures;

namespace OptimizerLab.Properties.Data;

/// <summary>
/// What NumPy users save besides C-ordered floats: Fortran-ordered arrays (<c>np.save('x.npy', X.T)</c>) are read
/// transposed back to their declared shape; integer and bool arrays are read exactly, or refused naming the index and
/// the value that the precision cannot hold. The files are NumPy's own bytes (<see cref="NumpyFixtures"/>).
/// </summary>
public sealed class NpyDtypeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Array2D<T> Read<T>(byte[] file) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        NpyFile.Read<T>(_folder.Write("a.npy", file));

    [Fact]
    public void A_fortran_ordered_float32_file_has_its_declared_shape_and_values()
    {
        var a = Read<float>(FortranFloat32); // X.T with X = [[1, 2, 3], [4, 5, 6]]
        a.ShapeText.Should().Be("(3, 2)");
        a.Data.Should().Equal(1, 4, 2, 5, 3, 6);
        a[2, 1].Should().Be(6);
    }

    [Fact]
    public void A_fortran_ordered_float64_file_read_as_double_and_float()
    {
        double[] expected = [1.5, 4, -2, 5, 3, -6.25];
        Read<double>(FortranFloat64).Data.Should().Equal(expected);
        Read<float>(FortranFloat64).Data.Should().Equal(expected.Select(v => (float)v));
    }

    [Fact]
    public void A_fortran_ordered_integer_file_is_transposed_too() =>
        Read<float>(FortranInt32).Data.Should().Equal(1, 4, 2, 5, 3, 6);

    [Fact]
    public void A_c_ordered_file_written_by_this_library_is_not_transposed()
    {
        string path = _folder.File("c.npy");
        NpyFile.Write<float>(path, [1, 2, 3, 4, 5, 6], 3, 2);
        NpyFile.Read<float>(path).Data.Should().Equal(1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void An_int64_column_of_exact_values_is_read_exactly()
    {
        var a = Read<float>(Int64Column);
        a.ShapeText.Should().Be("(4, 1)");
        a.Data.Should().Equal(1, -2, 16777216, 3);
    }

    public static TheoryData<string, double[]> ExactIntegers() => new()
    {
        { nameof(Int8s), [-128, 0, 127] },
        { nameof(Int16s), [-32768, 7, 32767] },
        { nameof(UInt8s), [0, 1, 255] },
        { nameof(UInt16s), [0, 65535] },
        { nameof(Int64LargeButExact), [1099511627776, -4611686018427387904, 50331648] },
        { nameof(Bools), [1, 0, 0, 1] },
    };

    [Theory]
    [MemberData(nameof(ExactIntegers))]
    public void Integers_and_bools_that_float32_holds_are_read_exactly_in_both_precisions(string fixture, double[] expected)
    {
        byte[] file = Fixture(fixture);
        Read<float>(file).Data.Should().Equal(expected.Select(v => (float)v));
        Read<double>(file).Data.Should().Equal(expected);
    }

    public static TheoryData<string, string, string, string> NotExactInFloat32() => new()
    {
        { nameof(Int64Beyond2Pow24), "element [1]", "16777217", "int64" },
        { nameof(Int32s), "element [2]", "2147483647", "int32" },
        { nameof(UInt32s), "element [1]", "4294967295", "uint32" },
        { nameof(UInt64s), "element [1]", "18446744073709549568", "uint64" },
    };

    [Theory]
    [MemberData(nameof(NotExactInFloat32))]
    public void An_integer_float32_cannot_hold_is_refused_naming_index_and_value_but_read_as_float64(string fixture, string position, string value, string dtype)
    {
        string path = _folder.Write("i.npy", Fixture(fixture));
        var e = FluentActions.Invoking(() => NpyFile.Read<float>(path)).Should().Throw<DataValueException>()
            .WithMessage($"{path}: {position} is {value} ({dtype}), which float32 cannot hold exactly: it holds every whole number only up to 2^24 = 16777216 in magnitude")
            .Which;
        (e.Problem, e.Position, e.Value, e.Precision).Should().Be((DataValueProblem.NotExact, position, value, "float32"));
        NpyFile.Read<double>(path).Data.Select(v => new System.Numerics.BigInteger(v).ToString()).Should().Contain(value, "float64 holds it exactly");
    }

    [Fact]
    public void An_integer_beyond_2_pow_53_is_refused_in_float64_too()
    {
        string path = _folder.Write("big.npy", Int64Beyond2Pow53);
        FluentActions.Invoking(() => NpyFile.Read<double>(path)).Should().Throw<DataValueException>()
            .WithMessage($"{path}: element [0] is 9007199254740993 (int64), which float64 cannot hold exactly: it holds every whole number only up to 2^53 = 9007199254740992 in magnitude");
    }

    [Fact]
    public void Allowing_non_finite_values_does_not_let_an_inexact_integer_through()
    {
        string path = _folder.Write("i.npy", Int64Beyond2Pow24);
        FluentActions.Invoking(() => NpyFile.Read<float>(path, allowNonFinite: true)).Should().Throw<DataValueException>();
    }

    [Theory]
    [InlineData(0UL, 24, true)]
    [InlineData(16777216UL, 24, true)]
    [InlineData(16777217UL, 24, false)]
    [InlineData(16777218UL, 24, true)] // even: its lowest bit is 0, so 24 bits span it
    [InlineData(9007199254740992UL, 53, true)]
    [InlineData(9007199254740993UL, 53, false)]
    [InlineData(ulong.MaxValue, 53, false)]
    [InlineData(1UL << 63, 24, true)]
    public void Exactness_is_the_span_of_the_set_bits(ulong magnitude, int significand, bool exact)
    {
        NpyFile.IsExact(magnitude, significand).Should().Be(exact);
        // The same answer from the conversion itself: exact iff the value survives a round trip.
        bool roundTrips = significand == 24
            ? magnitude == 1UL << 63 || (ulong)(float)magnitude == magnitude
            : (ulong)(double)magnitude == magnitude && magnitude != ulong.MaxValue;
        roundTrips.Should().Be(exact);
    }

    private static byte[] Fixture(string name) =>
        (byte[])typeof(NumpyFixtures).GetProperty(name)!.GetValue(null)!;
}
