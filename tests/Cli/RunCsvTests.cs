using OptimizerLab.Analysis;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli.Tests;

/// <summary>RunCsv: exact round trip, diagnostics on their steps only, clear errors.</summary>
public class RunCsvTests
{
    [Fact]
    public void Round_trips_every_bit_including_non_finite_values_and_missing_diagnostics()
    {
        double[] loss = [91.74887084960938, 1e-300, double.Epsilon, 0.1 + 0.2, double.NaN, double.PositiveInfinity];
        var diagnostics = new[]
        {
            new DiagnosticsRow(0, 1e-3, 12.5, 0.031, 0.00248, 1e-8, 0.5, 2.0, 0.25, double.NaN),
            new DiagnosticsRow(3, 1e-3, 1e-7, 1e-9, 0.01, 1e-4, 1e-3, 1e-2, 1.0, 37.99999999999999),
        };
        var records = new RunRecords(loss, diagnostics);
        var writer = new StringWriter();
        RunCsv.Write(writer, records);
        var back = RunCsv.Read(new StringReader(writer.ToString()), "memory");

        back.Loss.Select(BitConverter.DoubleToInt64Bits).Should().Equal(loss.Select(BitConverter.DoubleToInt64Bits));
        back.Diagnostics.Should().Equal(diagnostics);
    }

    [Fact]
    public void Writes_step_and_loss_first_and_leaves_undiagnosed_steps_empty()
    {
        var writer = new StringWriter();
        RunCsv.Write(writer, new RunRecords([2.0, 1.0], [new DiagnosticsRow(1, 0.1, 1, 1, 1, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)]));
        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("step,loss,");
        lines[1].Should().Be("0,2" + new string(',', RunCsv.DiagnosticsColumns.Count));
        lines[2].Should().StartWith("1,1,0.1,1,1,1,");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("loss\n1\n", "'step' and 'loss'")]
    [InlineData("step,loss\n1,0.5\n", "line 2")]
    [InlineData("step,loss\n0,abc\n", "'abc'")]
    [InlineData("step,loss\n0,1,2\n", "3 cells")]
    [InlineData("step,loss\n", "no steps")]
    public void Malformed_files_throw_InvalidDataException_naming_the_problem(string text, string mentioned)
    {
        var read = () => RunCsv.Read(new StringReader(text), "x.csv");
        read.Should().Throw<InvalidDataException>().WithMessage($"*x.csv*").And.Message.Should().Contain(mentioned);
    }

    [Fact]
    public void Reads_columns_in_any_order_and_ignores_unknown_ones()
    {
        var records = RunCsv.Read(new StringReader("# a comment\nwall_time,loss,step,sharpness\n0.1,3.5,0,\n0.2,2.5,1,40\n"), "x.csv");
        records.Loss.Should().Equal(3.5, 2.5);
        records.Sharpness.Should().Equal((1, 40.0));
    }
}
