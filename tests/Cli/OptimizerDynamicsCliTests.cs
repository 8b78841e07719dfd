namespace OptimizerLab.Cli.Tests;

/// <summary>What run says about the prediction when there is none to make, and for optimizers without a plateau instability.</summary>
public class OptimizerDynamicsCliTests
{
    [Fact]
    public void Without_sharpness_measurements_there_is_no_prediction()
    {
        var outcome = CliRunner.Run("run", "--sharpness-every", "0", "--steps", "400", "-o", CliRunner.TempFolder("no-sharpness"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().Contain("plateau at step 236, no rebound in 400 steps, no prediction (the sharpness was not measured)")
            .And.NotContain("predicted: no rebound");
    }

    [Fact]
    public void Adagrad_says_why_it_cannot_rebound_instead_of_no_prediction()
    {
        var outcome = CliRunner.Run("run", "--optimizer", "adagrad", "--steps", "400", "-o", CliRunner.TempFolder("adagrad"));
        outcome.ExitCode.Should().Be(ExitCodes.Success, outcome.Stderr);
        outcome.Stdout.Should().Contain("no rebound predicted: Adagrad's accumulator of squared gradients only grows")
            .And.NotContain("no prediction");
    }
}
