using OptimizerLab.Averaging;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>SWALR against torch's test_swalr_* sequences: a MultiplicativeLR decay, then SWALR anneals to swa_lr.</summary>
public class SWALRTests
{
    /// <summary>torch's <c>_test_swalr</c>: check every group before each epoch; step SWALR from swa_start on, the other schedule before.</summary>
    private static void CheckSwa(Adam<double> adam, SWALR swa, IStepwiseSchedule before, int swaStart, double[][] targets)
    {
        for (int epoch = 0; epoch < targets[0].Length; epoch++)
        {
            for (int g = 0; g < targets.Length; g++)
                adam.GroupOptions[g].Lr.Should().BeApproximately(targets[g][epoch], 1e-12 * targets[g][epoch], $"group {g}, epoch {epoch}");
            if (epoch >= swaStart) swa.Step();
            else before.Step();
        }
    }

    private static double[][] Targets(double[] initialLrs, double[] swaLrs, int swaStart, int epochs, Func<int, double> annealCoefficient) =>
        initialLrs.Select((lr, g) =>
        {
            var beforeSwa = Enumerable.Range(0, swaStart + 1).Select(i => lr * Math.Pow(0.9, i)).ToArray();
            var during = Enumerable.Range(0, epochs - swaStart - 1)
                .Select(t => beforeSwa[^1] * annealCoefficient(t) + swaLrs[g] * (1 - annealCoefficient(t)));
            return beforeSwa.Concat(during).ToArray();
        }).ToArray();

    [Fact]
    public void Cosine_anneal_follows_torchs_test_swalr_cosine_anneal_after_multiplicative()
    {
        var adam = Adam(0.05, 0.5);
        var decay = new MultiplicativeLR(adam, _ => 0.9);
        var swa = new SWALR(adam, 0.01, annealEpochs: 5);
        double Coefficient(int t) => t + 1 >= 5 ? 0.0 : (1 + Math.Cos(Math.PI * (t + 1) / 5)) / 2;
        CheckSwa(adam, swa, decay, 5, Targets([0.05, 0.5], [0.01, 0.01], 5, 15, Coefficient));
    }

    [Fact]
    public void Linear_anneal_follows_torchs_test_swalr_linear_anneal_after_multiplicative()
    {
        var adam = Adam(0.05, 0.5);
        var decay = new MultiplicativeLR(adam, _ => 0.9);
        var swa = new SWALR(adam, new[] { 0.01, 0.02 }, annealEpochs: 4, AnnealStrategy.Linear);
        double Coefficient(int t) => t + 1 >= 4 ? 0.0 : 1 - (t + 1) / 4.0;
        CheckSwa(adam, swa, decay, 5, Targets([0.05, 0.5], [0.01, 0.02], 5, 15, Coefficient));
    }

    [Fact]
    public void One_anneal_epoch_jumps_to_swa_lr_at_the_first_step_as_torchs_test_swalr_no_anneal()
    {
        var adam = Adam(0.05, 0.5);
        var swa = new SWALR(adam, 0.01, annealEpochs: 1);
        double[][] targets = [[.. Enumerable.Repeat(0.05, 6), .. Enumerable.Repeat(0.01, 4)], [.. Enumerable.Repeat(0.5, 6), .. Enumerable.Repeat(0.01, 4)]];
        CheckSwa(adam, swa, new ChainedScheduler([new StepLR(adam, 1000)]), 5, targets);
    }

    [Fact]
    public void Zero_anneal_epochs_sets_swa_lr_already_at_construction()
    {
        // torch: with anneal_epochs = 0 the step counter is raised to 1, so the constructor's step is already the last.
        var adam = Adam(0.5);
        _ = new SWALR(adam, 0.05, annealEpochs: 0);
        adam.GroupOptions[0].Lr.Should().Be(0.05);
    }

    [Fact]
    public void Invalid_settings_are_refused_with_torchs_messages()
    {
        var adam = Adam(0.1, 0.2);
        var strategy = () => new SWALR(adam, 1.0, annealStrategy: (AnnealStrategy)5);
        strategy.Should().Throw<ArgumentOutOfRangeException>().WithMessage("anneal_strategy must by one of 'cos' or 'linear', instead got 5*");
        var epochs = () => new SWALR(adam, 1.0, annealEpochs: -1);
        epochs.Should().Throw<ArgumentOutOfRangeException>().WithMessage("anneal_epochs must be equal or greater than 0, got -1*");
        var lengths = () => new SWALR(adam, new[] { 1.0, 2.0, 3.0 });
        lengths.Should().Throw<ArgumentException>().WithMessage(
            "swa_lr must have the same length as optimizer.param_groups. swa_lr has 3 values, param_groups has 2.*");
        adam.GroupOptions.Select(o => o.Lr).Should().Equal(0.1, 0.2);
    }
}
