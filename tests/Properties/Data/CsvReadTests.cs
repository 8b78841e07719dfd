using System.Text;
using OptimizerLab.Data;

namespace OptimizerLab.Properties.Data;

/// <summary>Numeric text tables in their common spellings read to the intended values.</summary>
public sealed class CsvReadTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Array2D<double> Read(string text, out IReadOnlyList<string>? header, bool allowNonFinite = false) =>
        CsvMatrix.Read<double>(_folder.WriteText("t.csv", text), out header, allowNonFinite);

    [Theory]
    [InlineData("1.5,-2,3e-3\n4,5.25,-6E+2\n")]
    [InlineData("1.5;-2;3e-3\n4;5.25;-6E+2\n")]
    [InlineData("1.5\t-2\t3e-3\n4\t5.25\t-6E+2\n")]
    [InlineData("1.5 -2 3e-3\n4   5.25 -6E+2\n")]
    [InlineData(" 1.5 , -2 , 3e-3 \r\n4,5.25,-6E+2\r\n")]
    [InlineData("1.5,-2,3e-3\n4,5.25,-6E+2")]
    [InlineData("1.5,-2,3e-3\n4,5.25,-6E+2\n\n  \n\n")]
    [InlineData("# written by np.savetxt\n1.5,-2,3e-3\n# a comment between rows\n4,5.25,-6E+2\n")]
    [InlineData("\"1.5\",\"-2\",\"3e-3\"\n4,5.25,-6E+2\n")]
    [InlineData("+1.5,-2.,.003\n4,5.25,-600\n")]
    public void Delimiters_spacing_line_ends_comments_and_quotes(string text)
    {
        var a = Read(text, out var header);
        header.Should().BeNull();
        (a.Rows, a.Columns).Should().Be((2, 3));
        a.Data.Should().Equal(1.5, -2, 3e-3, 4, 5.25, -600);
    }

    [Theory]
    [InlineData("x1,x2,y\n1,2,3\n", new[] { "x1", "x2", "y" })]
    [InlineData("\"x1\";\"x2\";\"y\"\n1;2;3\n", new[] { "x1", "x2", "y" })]
    [InlineData(",a,b\n1,2,3\n", new[] { "", "a", "b" })]
    [InlineData("step loss lr\n1 2 3\n", new[] { "step", "loss", "lr" })]
    public void A_first_row_without_numbers_is_the_header(string text, string[] names)
    {
        var a = Read(text, out var header);
        header.Should().Equal(names);
        a.Data.Should().Equal(1, 2, 3);
        a.ShapeText.Should().Be("(1, 3)");
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_skipped()
    {
        string path = _folder.File("bom.csv");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a,b\n1,2\n")]);
        CsvMatrix.Read<double>(path, out var header).Data.Should().Equal(1, 2);
        header.Should().Equal("a", "b");
    }

    [Fact]
    public void A_single_column_is_a_matrix_of_one_column()
    {
        var a = Read("0.5\n1.5\n2.5\n", out _);
        a.ShapeText.Should().Be("(3, 1)");
        a.Data.Should().Equal(0.5, 1.5, 2.5);
    }

    [Fact]
    public void Python_spellings_of_non_finite_values_are_read_when_allowed()
    {
        var a = Read("nan,inf,-inf\nNaN,+Infinity,-INF\n", out _, allowNonFinite: true);
        a.Data[0].Should().Be(double.NaN);
        a.Data[3].Should().Be(double.NaN);
        a.Data.Where((_, i) => i % 3 != 0).Should().Equal(double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity, double.NegativeInfinity);
    }

    [Fact]
    public void A_value_beyond_the_range_becomes_infinity_when_allowed_as_in_python()
    {
        CsvMatrix.Read<float>(_folder.WriteText("f.csv", "1e39,-1e39\n"), allowNonFinite: true).Data.Should().Equal(float.PositiveInfinity, float.NegativeInfinity);
        CsvMatrix.Read<double>(_folder.WriteText("d.csv", "1e400\n"), allowNonFinite: true).Data.Should().Equal(double.PositiveInfinity);
    }

    [Fact]
    public void Doubles_are_read_correctly_rounded()
    {
        // np.savetxt's default format %.18e: 19 significant digits identify every double.
        var a = Read("1.000000000000000056e-01 3.333333333333333148e-01 4.940656458412465442e-324\n", out _);
        a.Data.Should().Equal(0.1, 1.0 / 3.0, double.Epsilon);
    }

    [Fact]
    public void Float_is_parsed_as_double_then_rounded_as_numpy_loadtxt_and_torch_tensor_do()
    {
        // The text lies just above the midpoint 1 + 2^-24 between floats 1 and 1 + 2^-23. As a double it IS that midpoint
        // (the excess 1e-29 is far below a double's ulp), which rounds to the even float 1; parsed straight to float it would
        // round up. np.loadtxt(dtype=float32) and torch.tensor([float(s)], dtype=torch.float32) both give 1.
        CsvMatrix.Read<float>(_folder.WriteText("f.csv", "1.00000005960464477539062500001\n")).Data.Should().Equal(1f);
        CsvMatrix.Read<float>(_folder.WriteText("g.csv", "0.1,3.4028235e38,1e-45\n")).Data.Should().Equal(0.1f, float.MaxValue, float.Epsilon);
    }

    [Fact]
    public void ReadMatrix_checks_the_shape()
    {
        string path = _folder.WriteText("x.csv", "1,2,3\n4,5,6\n");
        CsvMatrix.ReadMatrix<float>(path, 2, 3).Data.Should().Equal(1f, 2f, 3f, 4f, 5f, 6f);
        var read = () => CsvMatrix.ReadMatrix<float>(path, 2, 4);
        read.Should().Throw<InvalidDataException>().WithMessage($"{path} has shape (2, 3) but 4 columns were expected");
    }
}
