using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Data;
using static OptimizerLab.Properties.Data.NpyReadTests;

namespace OptimizerLab.Properties.Data;

/// <summary>Written .npy files carry numpy's own header and read back to the same bits; writes replace files atomically.</summary>
public sealed class NpyWriteTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Any 32-bit pattern: NaNs with payloads, infinities, subnormals, signed zeros included.</summary>
    internal static Gen<float> AnyFloat { get; } =
        Gen.Zip(Gen.Choose(0, 0xFFFF), Gen.Choose(0, 0xFFFF)).Select(t => BitConverter.Int32BitsToSingle((t.Item1 << 16) | t.Item2));

    /// <summary>Any 64-bit pattern.</summary>
    internal static Gen<double> AnyDouble { get; } =
        Gen.Zip(AnyFloat, AnyFloat).Select(t =>
            BitConverter.Int64BitsToDouble(((long)BitConverter.SingleToInt32Bits(t.Item1) << 32) | (uint)BitConverter.SingleToInt32Bits(t.Item2)));

    /// <summary>A shape of 1 or 2 dimensions, each 1 to 12, with its data.</summary>
    internal static Gen<(int[] Shape, T[] Data)> Shaped<T>(Gen<T> element) =>
        from rows in Gen.Choose(1, 12)
        from columns in Gen.Choose(0, 12)
        let shape = columns == 0 ? new[] { rows } : new[] { rows, columns }
        from data in Gen.ArrayOf(element, rows * Math.Max(columns, 1))
        select (shape, data);

    [Property(MaxTest = 200)]
    public Property Float_arrays_round_trip_bit_for_bit() =>
        Prop.ForAll(Shaped(AnyFloat).ToArbitrary(), sample =>
        {
            string path = _folder.File($"{Guid.NewGuid():N}.npy");
            NpyFile.Write<float>(path, sample.Data, sample.Shape);
            var back = NpyFile.Read<float>(path, allowNonFinite: true);
            return back.Shape.SequenceEqual(sample.Shape) && Bits(back.Data).SequenceEqual(Bits(sample.Data));
        });

    [Property(MaxTest = 200)]
    public Property Double_arrays_round_trip_bit_for_bit() =>
        Prop.ForAll(Shaped(AnyDouble).ToArbitrary(), sample =>
        {
            string path = _folder.File($"{Guid.NewGuid():N}.npy");
            NpyFile.Write<double>(path, sample.Data, sample.Shape);
            var back = NpyFile.Read<double>(path, allowNonFinite: true);
            return back.Shape.SequenceEqual(sample.Shape) && Bits(back.Data).SequenceEqual(Bits(sample.Data));
        });

    [Theory]
    [InlineData("<f4", new[] { 3 }, "(3,)", 20)]
    [InlineData("<f8", new[] { 64, 1000 }, "(64, 1000)", 19)]
    [InlineData("<f8", new[] { 1, 1000 }, "(1, 1000)", 20)]
    public void The_header_is_byte_for_byte_what_np_save_writes(string descr, int[] shape, string shapeText, int growthSpaces)
    {
        // numpy's _write_array_header: the sorted dict, then 21 - len(str(shape[0])) spaces of room to grow the first
        // axis, then _wrap_header pads with spaces and a newline to a multiple of 64 bytes, counting the 10-byte prefix.
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}" + new string(' ', growthSpaces);
        int padding = 64 - (10 + dict.Length + 1) % 64;
        byte[] expected = [0x93, .. "NUMPY"u8, 1, 0, (byte)(dict.Length + padding + 1), 0, .. Encoding.ASCII.GetBytes(dict + new string(' ', padding) + "\n")];
        string path = _folder.File("h.npy");
        int count = shape.Aggregate(1, (a, b) => a * b);

        if (descr == "<f4") NpyFile.Write<float>(path, new float[count], shape);
        else NpyFile.Write<double>(path, new double[count], shape);

        byte[] written = File.ReadAllBytes(path);
        written.AsSpan(0, expected.Length).ToArray().Should().Equal(expected);
        written.Length.Should().Be(expected.Length + count * (descr == "<f4" ? 4 : 8));
        (expected.Length % 64).Should().Be(0, "numpy aligns the data to 64 bytes");
    }

    [Fact]
    public void No_shape_means_a_vector_of_the_data_length()
    {
        string path = _folder.File("v.npy");
        NpyFile.Write<float>(path, new float[] { 1, 2, 3 });
        var back = NpyFile.Read<float>(path);
        back.IsVector.Should().BeTrue();
        back.Shape.Should().Equal(3);
    }

    [Fact]
    public void An_Array2D_is_written_with_its_own_shape()
    {
        string path = _folder.File("a.npy");
        NpyFile.Write(path, Array2D<double>.Vector([1.5, 2.5]));
        NpyFile.Read<double>(path).ShapeText.Should().Be("(2,)");
        NpyFile.Write(path, new Array2D<double>([1, 2, 3, 4, 5, 6], 3, 2));
        NpyFile.Read<double>(path).ShapeText.Should().Be("(3, 2)");
    }

    [Fact]
    public void Writing_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        string path = _folder.File("w.npy");
        File.WriteAllText(path, "old content");
        NpyFile.Write<float>(path, new float[] { 7 }, 1);
        NpyFile.Read<float>(path).Data.Should().Equal(7f);
        Directory.GetFiles(_folder.Path).Should().Equal(path);
    }

    [Theory]
    [InlineData(new[] { 2, 2 }, "Shape (2, 2) holds 4 elements but the data has 3.*")]
    [InlineData(new[] { 1, 1, 3 }, "Only 1-D and 2-D arrays can be written; the shape has 3 dimensions.*")]
    [InlineData(new[] { 3, 0 }, "*")]
    public void A_shape_that_does_not_fit_is_refused_and_the_old_file_is_kept(int[] shape, string message)
    {
        string path = _folder.File("keep.npy");
        File.WriteAllText(path, "old content");
        var write = () => NpyFile.Write<float>(path, new float[] { 1, 2, 3 }, shape);
        write.Should().Throw<ArgumentException>().WithMessage(message);
        File.ReadAllText(path).Should().Be("old content");
        Directory.GetFiles(_folder.Path).Should().Equal(path);
    }
}
