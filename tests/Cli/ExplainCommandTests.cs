using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OptimizerLab.Cli.Tests;

/// <summary>explain FILE.csv: the diagnosis of a recorded curve.</summary>
public class ExplainCommandTests
{
    /// <summary>A made-up curve: falls to 1e-12 by step 100, stays there, jumps to 1e-4 at step 600; sharpness t/20 + 10.6 every 50 steps.</summary>
    private static string SyntheticCsv(bool withSharpness)
    {
        var text = new StringBuilder(withSharpness ? "step,loss,sharpness\n" : "step,loss\n");
        for (int t = 0; t < 1000; t++)
        {
            double loss = t < 100 ? Math.Pow(10, 2 - 14 * t / 100.0) : t < 600 ? 1e-12 : 1e-4;
            text.Append(CultureInfo.InvariantCulture, $"{t},{loss:R}");
            if (withSharpness) text.Append(t % 50 == 0 ? string.Create(CultureInfo.InvariantCulture, $",{t / 20.0 + 10.6:R}") : ",");
            text.Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void Finds_plateau_and_rebound_in_a_step_loss_csv()
    {
        string path = Path.Combine(CliRunner.TempFolder("explain"), "curve.csv");
        File.WriteAllText(path, SyntheticCsv(withSharpness: false));
        // Without the lab's diagnostics columns the file is read as a log; the lab's thresholds are asked for by name.
        var outcome = CliRunner.Run("explain", path, "--plateau-below", "1e-9", "--rebound-factor", "1000");
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        // loss(79) = 10^(2−14·79/100) = 8.3e-10 is the first value below 1e-9.
        outcome.Stdout.Should().Contain("plateau at step 79").And.Contain("rebound at step 600");
    }

    [Fact]
    public void Reads_the_crossing_from_the_sharpness_column()
    {
        string path = Path.Combine(CliRunner.TempFolder("explain-sharpness"), "curve.csv");
        File.WriteAllText(path, SyntheticCsv(withSharpness: true));
        var outcome = CliRunner.Run("explain", path, "--format", "json");
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        using var document = JsonDocument.Parse(outcome.Stdout);
        // t/20 + 10.6 is 35.6 at t = 500 and 38.1 at t = 550: above the threshold 38 (to the last bit, 38.00000000000001) from there.
        document.RootElement.GetProperty("prediction").GetProperty("crossing_step").GetInt32().Should().Be(550);
        document.RootElement.GetProperty("summary").GetProperty("rebound_step").GetInt32().Should().Be(600);
        document.RootElement.GetProperty("explanation").GetArrayLength().Should().BeGreaterThan(1);
    }

    [Fact]
    public void A_higher_threshold_moves_the_crossing()
    {
        string path = Path.Combine(CliRunner.TempFolder("explain-threshold"), "curve.csv");
        File.WriteAllText(path, SyntheticCsv(withSharpness: true));
        var outcome = CliRunner.Run("explain", path, "--format", "json", "--threshold", "50");
        using var document = JsonDocument.Parse(outcome.Stdout);
        // t/20 + 10.6 reaches 50 at t = 788; the first measurement from there is at 800.
        document.RootElement.GetProperty("prediction").GetProperty("crossing_step").GetInt32().Should().Be(800);
    }
}
