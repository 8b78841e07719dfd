using System.Text;
using OptimizerLab.Data;

namespace OptimizerLab.Properties.Data;

/// <summary>Text that cannot be read as intended is refused with the file, line and column of the problem.</summary>
public sealed class CsvRejectionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private void Refused(string text, string message, bool asFloat = false)
    {
        string path = _folder.WriteText("bad.csv", text);
        Action read = asFloat ? () => CsvMatrix.Read<float>(path) : () => CsvMatrix.Read<double>(path);
        read.Should().Throw<InvalidDataException>().WithMessage($"{path}{message}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    [InlineData("# only a comment\n")]
    public void An_empty_file(string text) => Refused(text, ": the file is empty: no data rows");

    [Fact]
    public void A_header_without_data() => Refused("a,b\n\n", ": line 1 is a header but no data rows follow");

    [Fact]
    public void A_ragged_row() =>
        Refused("a,b,c\n1,2,3\n4,5\n", ", line 3: 2 fields, but line 1 has 3; every row must have the same number of fields");

    [Fact]
    public void A_row_longer_than_the_first() =>
        Refused("1,2\n3,4,5\n", ", line 2: 3 fields, but line 1 has 2; every row must have the same number of fields");

    [Fact]
    public void A_word_among_the_numbers() => Refused("1,2,3\n4,abc,6\n", ", line 2, column 2: 'abc' is not a number");

    [Fact]
    public void A_decimal_comma_in_a_semicolon_file() =>
        Refused("1.0;2.0\n3.0;1,5\n", ", line 2, column 2: '1,5' is not a number: decimal commas are not supported; use '.'");

    [Fact]
    public void Decimal_commas_in_the_first_row_are_not_taken_for_a_header() =>
        Refused("1,5;2,5\n3,5;4,5\n", ", line 1, column 1: '1,5' is not a number: decimal commas are not supported; use '.'");

    [Fact]
    public void A_decimal_comma_in_a_tab_separated_file() =>
        Refused("0,25\t1\n", ", line 1, column 1: '0,25' is not a number: decimal commas are not supported; use '.'");

    [Fact]
    public void A_line_with_another_delimiter_than_the_first() =>
        Refused("1;2\n3,4;5\n6;7\n", ", line 2, column 1: '3,4' is not a number: decimal commas are not supported; use '.'");

    [Fact]
    public void A_semicolon_in_a_comma_file_is_named() =>
        Refused("1,2\n3,4;5\n", ", line 2, column 2: '4;5' is not a number (this file's delimiter is ',')");

    [Fact]
    public void A_first_row_mixing_names_and_numbers() =>
        Refused("x,2,3\n1,2,3\n", ", line 1, column 1: 'x' is not a number, but column 2 of this first row is: a header row must hold only names and a data row only numbers");

    [Theory]
    [InlineData("1,,3\n", ", line 1, column 2: empty field where a number was expected (a doubled or trailing delimiter?)")]
    [InlineData("1,2,\n", ", line 1, column 3: empty field where a number was expected (a doubled or trailing delimiter?)")]
    public void An_empty_field(string text, string message) => Refused(text, message);

    [Fact]
    public void Both_semicolons_and_tabs_are_ambiguous() =>
        Refused("1;2\t3\n", ", line 1: both ';' and tabs appear, so the delimiter is ambiguous; use one of them");

    [Fact]
    public void A_blank_line_between_rows() =>
        Refused("1,2\n\n3,4\n", ", line 2: blank line, but data follows on line 3; blank lines are only allowed at the end");

    [Fact]
    public void A_leading_blank_line() =>
        Refused("\n1,2\n", ", line 1: blank line, but data follows on line 2; blank lines are only allowed at the end");

    [Theory]
    [InlineData("1,nan\n", ", line 1, column 2: 'nan' is not finite; pass allowNonFinite: true to accept NaN and infinity", "line 1, column 2", "nan", DataValueProblem.NotFinite)]
    [InlineData("-inf\n", ", line 1, column 1: '-inf' is not finite; pass allowNonFinite: true*", "line 1, column 1", "-inf", DataValueProblem.NotFinite)]
    [InlineData("1e400\n", ", line 1, column 1: '1e400' is beyond float64's range; pass allowNonFinite: true*", "line 1, column 1", "1e400", DataValueProblem.BeyondRange)]
    public void Non_finite_and_out_of_range_values(string text, string message, string position, string value, DataValueProblem problem) =>
        RefusedValue(text, message, position, value, problem);

    [Fact]
    public void A_value_beyond_float_range_read_as_float() =>
        RefusedValue("1,2\n3,-1e39\n", ", line 2, column 2: '-1e39' is beyond float32's range; pass allowNonFinite: true*", "line 2, column 2", "-1e39",
            DataValueProblem.BeyondRange, asFloat: true);

    private void RefusedValue(string text, string message, string position, string value, DataValueProblem problem, bool asFloat = false)
    {
        string path = _folder.WriteText("bad.csv", text);
        Action read = asFloat ? () => CsvMatrix.Read<float>(path) : () => CsvMatrix.Read<double>(path);
        var e = read.Should().Throw<DataValueException>().WithMessage($"{path}{message}").Which;
        (e.FileName, e.Position, e.Value, e.Problem, e.Precision).Should().Be((path, position, value, problem, asFloat ? "float32" : "float64"));
    }

    [Theory]
    [InlineData("1_000")]
    [InlineData("0x10")]
    [InlineData("1,000.5")]
    [InlineData("\u221e")]
    [InlineData("1.5f")]
    [InlineData("--1")]
    public void Spellings_outside_the_invariant_culture_are_not_numbers(string field) =>
        Refused($"1;{field}\n", $", line 1, column 2: '{field}' is not a number*");

    [Fact]
    public void A_binary_file_is_not_text()
    {
        string path = _folder.File("x.csv");
        File.WriteAllBytes(path, [0x93, .. Encoding.ASCII.GetBytes("NUMPY\x01\x00v\x00{'descr': '<f4'}\n")]);
        var read = () => CsvMatrix.Read<float>(path);
        read.Should().Throw<InvalidDataException>().WithMessage($"{path}, line 1: the text is not UTF-8 (is this a binary file, such as a .npy?)");
    }
}
