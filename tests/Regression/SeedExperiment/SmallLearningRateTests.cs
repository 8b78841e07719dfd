using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using Xunit.Abstractions;

namespace OptimizerLab.Regression.SeedExperiment;

/// <summary>
/// The accepted answer's remedy, lr = 1e-5, on PyTorch's seed-0 data read from .npy files, run by OptimizerLab only:
/// PyTorch's loop would need 30000 steps (~4 s at 110–140 µs a step) where ours takes a fraction of that, and the
/// side-by-side tests at lr = 1e-3 already show both follow the same curve up to the rebound.
/// </summary>
public class SmallLearningRateTests(ITestOutputHelper output)
{
    [Fact]
    public void With_lr_1e_5_there_is_no_rebound_before_step_12000_and_the_level_after_it_is_between_1e_8_and_1e_6()
    {
        using var data = new TorchSeedData(seed: 0);
        var result = Experiment.Run(new RunSpec
        {
            Label = "seed-torch-data-lr1e-5",
            Optimizer = "adam",
            Options = new AdamOptions { Lr = 1e-5 },
            Precision = Precision.Float32,
            // 30000 steps: the rebound comes after 12000, and the level is the median from it to the end.
            Steps = 30000,
            SharpnessEvery = 30000,
            DiagnosticsEvery = 30000,
        }, data.ReadProblem());

        var summary = result.Summary;
        output.WriteLine($"lr = 1e-5: plateau {summary.PlateauStep}, minimum {summary.MinLoss:E2} at {summary.MinStep}, rebound {summary.ReboundStep}, level after it {summary.LevelAfterRebound:E2}");
        summary.PlateauStep.Should().NotBeNull("the loss still reaches the near-zero plateau, only later");
        summary.ReboundStep.Should().NotBeNull("a smaller lr delays the rebound; it does not prevent it").And.BeGreaterThanOrEqualTo(12000);
        summary.LevelAfterRebound.Should().BeInRange(1e-8, 1e-6, "the level after the rebound scales roughly with lr²: ~1e-3 at lr 1e-3, ~1e-7 at 1e-5");
    }
}
