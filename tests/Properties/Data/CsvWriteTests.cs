using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Data;
using static OptimizerLab.Properties.Data.NpyReadTests;
using static OptimizerLab.Properties.Data.NpyWriteTests;

namespace OptimizerLab.Properties.Data;

/// <summary>Written tables read back to the same bits, in a plain form other tools read too.</summary>
public sealed class CsvWriteTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static Array2D<T> Matrix<T>((int[] Shape, T[] Data) sample) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new(sample.Data, sample.Shape[0], sample.Shape.Length == 1 ? 1 : sample.Shape[1]);

    // NaN is written "nan", so payloads and the sign of NaN are not kept: compare NaN as NaN, the rest bit for bit.
    private static bool SameFloats(float[] a, float[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => float.IsNaN(p.First) ? float.IsNaN(p.Second) : Bits([p.First])[0] == Bits([p.Second])[0]);

    private static bool SameDoubles(double[] a, double[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => double.IsNaN(p.First) ? double.IsNaN(p.Second) : Bits([p.First])[0] == Bits([p.Second])[0]);

    [Property(MaxTest = 200)]
    public Property Float_tables_round_trip_bit_for_bit() =>
        Prop.ForAll(Shaped(AnyFloat).ToArbitrary(), sample =>
        {
            string path = _folder.File($"{Guid.NewGuid():N}.csv");
            var m = Matrix(sample);
            CsvMatrix.Write(path, m);
            var back = CsvMatrix.Read<float>(path, allowNonFinite: true);
            return (back.Rows, back.Columns) == (m.Rows, m.Columns) && SameFloats(back.Data, m.Data);
        });

    [Property(MaxTest = 200)]
    public Property Double_tables_round_trip_bit_for_bit() =>
        Prop.ForAll(Shaped(AnyDouble).ToArbitrary(), sample =>
        {
            string path = _folder.File($"{Guid.NewGuid():N}.csv");
            var m = Matrix(sample);
            CsvMatrix.Write(path, m);
            var back = CsvMatrix.Read<double>(path, allowNonFinite: true);
            return (back.Rows, back.Columns) == (m.Rows, m.Columns) && SameDoubles(back.Data, m.Data);
        });

    [Fact]
    public void The_text_is_plain_comma_separated_with_lf_line_ends_and_python_spellings()
    {
        string path = _folder.File("out.csv");
        CsvMatrix.Write(path, new Array2D<double>([0.5, -2, 1.25, double.NaN, double.PositiveInfinity, double.NegativeInfinity], 2, 3), ["step", "loss", "lr"]);
        File.ReadAllBytes(path).Should().Equal("step,loss,lr\n0.5,-2,1.25\nnan,inf,-inf\n"u8.ToArray(), "UTF-8 without BOM, LF only");
    }

    [Fact]
    public void A_float_is_written_in_its_own_shortest_digits()
    {
        string path = _folder.File("f.csv");
        CsvMatrix.Write(path, Array2D<float>.Vector([0.1f, 1f / 3f]));
        File.ReadAllText(path).Should().Be("0.1\n0.33333334\n", "0.1f widened to double would print 0.10000000149011612");
    }

    [Fact]
    public void The_header_reads_back()
    {
        string path = _folder.File("h.csv");
        CsvMatrix.Write(path, new Array2D<double>([1, 2], 1, 2), ["step", "train loss"]);
        CsvMatrix.Read<double>(path, out var header).Data.Should().Equal(1, 2);
        header.Should().Equal("step", "train loss");
    }

    [Theory]
    [InlineData(new[] { "a" }, "The header has 1 names but the data has 2 columns.*")]
    [InlineData(new[] { "a", "b,c" }, "Header name 1 ('b,c') must be*")]
    [InlineData(new[] { "a", "b;c" }, "Header name 1 ('b;c') must be*")]
    [InlineData(new[] { "a", " b" }, "Header name 1 (' b') must be*")]
    [InlineData(new[] { "a", "" }, "Header name 1 ('') must be*")]
    [InlineData(new[] { "a", "b\"" }, "Header name 1 ('b\"') must be*")]
    [InlineData(new[] { "#a", "b" }, "The first header name ('#a') starts with '#'*")]
    [InlineData(new[] { "a", "1" }, "Header name '1' is a number*")]
    [InlineData(new[] { "nan", "inf" }, "Header name 'nan' is a number*")]
    public void A_header_that_would_not_read_back_is_refused(string[] header, string message)
    {
        string path = _folder.File("bad.csv");
        var write = () => CsvMatrix.Write(path, new Array2D<double>([1, 2], 1, 2), header);
        write.Should().Throw<ArgumentException>().WithMessage(message);
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public void A_spaced_name_of_a_single_column_is_refused()
    {
        var write = () => CsvMatrix.Write(_folder.File("one.csv"), Array2D<double>.Vector([1]), ["train loss"]);
        write.Should().Throw<ArgumentException>().WithMessage("*holds a space*");
    }

    [Fact]
    public void Writing_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        string path = _folder.File("w.csv");
        File.WriteAllText(path, "old");
        CsvMatrix.Write(path, Array2D<double>.Vector([3]));
        File.ReadAllText(path).Should().Be("3\n");
        Directory.GetFiles(_folder.Path).Should().Equal(path);
    }
}
