using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
using static OptimizerLab.Properties.Core.Schedules.ScheduleKit;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>
/// Invalid settings fail at construction with torch's message where torch checks (ValueError there), or with a message
/// in torch's style where torch would divide by zero; a refused schedule leaves the optimizer untouched.
/// </summary>
public class ScheduleValidationTests
{
    public static TheoryData<string, string, string> OutOfRange() => new()
    {
        // torch's own messages
        { "LinearLR start 0", "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.", "start_factor" },
        { "LinearLR start 1.5", "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.", "start_factor" },
        { "LinearLR start NaN", "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.", "start_factor" },
        { "LinearLR end -0.1", "Ending multiplicative factor expected to be between 0 and 1.", "end_factor" },
        { "OneCycleLR total 0", "Expected positive integer total_steps, but got 0", "total_steps" },
        { "OneCycleLR epochs 0", "Expected positive integer epochs, but got 0", "epochs" },
        { "OneCycleLR steps_per_epoch -2", "Expected positive integer steps_per_epoch, but got -2", "steps_per_epoch" },
        { "OneCycleLR pct 1.5", "Expected float between 0 and 1 pct_start, but got 1.5", "pct_start" },
        { "ReduceLROnPlateau factor 1", "Factor should be < 1.0.", "factor" },
        { "ReduceLROnPlateau factor NaN", "Factor should be < 1.0.", "factor" },
        { "CyclicLR mode 7", "mode is invalid and scale_fn is None", "mode" },
        { "OneCycleLR anneal_strategy 5", "anneal_strategy must be one of 'cos' or 'linear', instead got 5", "anneal_strategy" },
        { "ReduceLROnPlateau mode 5", "mode 5 is unknown!", "mode" },
        { "ReduceLROnPlateau threshold_mode 7", "threshold mode 7 is unknown!", "threshold_mode" },

        // where torch would fail later dividing by zero, or has no check
        { "StepLR step_size 0", "Expected positive integer step_size, but got 0", "step_size" },
        { "CosineAnnealingLR T_max 0", "Expected positive integer T_max, but got 0", "T_max" },
        { "LinearLR total_iters -1", "Expected non-negative integer total_iters, but got -1", "total_iters" },
        { "CyclicLR step_size_up 0", "Expected positive integer step_size_up, but got 0", "step_size_up" },
        { "CyclicLR step_size_down -1", "Expected non-negative integer step_size_down, but got -1", "step_size_down" },
        { "OneCycleLR div_factor 0", "Expected positive finite div_factor, but got 0.0", "div_factor" },
        { "OneCycleLR final_div_factor inf", "Expected positive finite final_div_factor, but got inf", "final_div_factor" },
        { "ReduceLROnPlateau patience -1", "Expected non-negative integer patience, but got -1", "patience" },
        { "ReduceLROnPlateau eps -1e-08", "Expected non-negative finite eps, but got -1e-08", "eps" },
        { "ReduceLROnPlateau threshold NaN", "Expected finite threshold, but got nan", "threshold" },
        { "ReduceLROnPlateau threshold -inf", "Expected finite threshold, but got -inf", "threshold" },
        { "ConstantLR factor 1.5", "Constant multiplicative factor expected to be between 0 and 1.", "factor" },
        { "ConstantLR factor 0", "Expected positive finite factor, but got 0.0", "factor" },
        { "ConstantLR total_iters -1", "Expected non-negative integer total_iters, but got -1", "total_iters" },
        { "PolynomialLR total_iters 0", "Expected positive integer total_iters, but got 0", "total_iters" },
        { "PolynomialLR power -1", "Expected non-negative finite power, but got -1.0", "power" },
        { "CosineAnnealingWarmRestarts T_0 0", "Expected positive integer T_0, but got 0", "T_0" },
        { "CosineAnnealingWarmRestarts T_mult 0", "Expected integer T_mult >= 1, but got 0", "T_mult" },
        { "CosineAnnealingWarmRestarts eta_min NaN", "Expected finite eta_min, but got nan", "eta_min" },
        { "SWALR swa_lr -1", "Expected non-negative finite swa_lr, but got -1.0", "swa_lr" },
    };

    private static ILearningRateSchedule Build(string setting, IOptimizer o) => setting switch
    {
        "LinearLR start 0" => new LinearLR(o, startFactor: 0),
        "LinearLR start 1.5" => new LinearLR(o, startFactor: 1.5),
        "LinearLR start NaN" => new LinearLR(o, startFactor: double.NaN),
        "LinearLR end -0.1" => new LinearLR(o, endFactor: -0.1),
        "OneCycleLR total 0" => new OneCycleLR(o, 0.1, totalSteps: 0),
        "OneCycleLR epochs 0" => new OneCycleLR(o, 0.1, epochs: 0, stepsPerEpoch: 10),
        "OneCycleLR steps_per_epoch -2" => new OneCycleLR(o, 0.1, epochs: 3, stepsPerEpoch: -2),
        "OneCycleLR pct 1.5" => new OneCycleLR(o, 0.1, totalSteps: 100, pctStart: 1.5),
        "ReduceLROnPlateau factor 1" => new ReduceLROnPlateau(o, factor: 1.0),
        "ReduceLROnPlateau factor NaN" => new ReduceLROnPlateau(o, factor: double.NaN),
        "CyclicLR mode 7" => new CyclicLR(o, 0.01, 0.1, mode: (CyclicLRMode)7),
        "OneCycleLR anneal_strategy 5" => new OneCycleLR(o, 0.1, totalSteps: 100, annealStrategy: (AnnealStrategy)5),
        "ReduceLROnPlateau mode 5" => new ReduceLROnPlateau(o, mode: (PlateauMode)5),
        "ReduceLROnPlateau threshold_mode 7" => new ReduceLROnPlateau(o, thresholdMode: (ThresholdMode)7),
        "StepLR step_size 0" => new StepLR(o, 0),
        "CosineAnnealingLR T_max 0" => new CosineAnnealingLR(o, 0),
        "LinearLR total_iters -1" => new LinearLR(o, totalIters: -1),
        "CyclicLR step_size_up 0" => new CyclicLR(o, 0.01, 0.1, stepSizeUp: 0),
        "CyclicLR step_size_down -1" => new CyclicLR(o, 0.01, 0.1, stepSizeDown: -1),
        "OneCycleLR div_factor 0" => new OneCycleLR(o, 0.1, totalSteps: 100, divFactor: 0),
        "OneCycleLR final_div_factor inf" => new OneCycleLR(o, 0.1, totalSteps: 100, finalDivFactor: double.PositiveInfinity),
        "ReduceLROnPlateau patience -1" => new ReduceLROnPlateau(o, patience: -1),
        "ReduceLROnPlateau eps -1e-08" => new ReduceLROnPlateau(o, eps: -1e-8),
        "ReduceLROnPlateau threshold NaN" => new ReduceLROnPlateau(o, threshold: double.NaN),
        "ReduceLROnPlateau threshold -inf" => new ReduceLROnPlateau(o, threshold: double.NegativeInfinity),
        "ConstantLR factor 1.5" => new ConstantLR(o, factor: 1.5),
        "ConstantLR factor 0" => new ConstantLR(o, factor: 0),
        "ConstantLR total_iters -1" => new ConstantLR(o, totalIters: -1),
        "PolynomialLR total_iters 0" => new PolynomialLR(o, totalIters: 0),
        "PolynomialLR power -1" => new PolynomialLR(o, power: -1),
        "CosineAnnealingWarmRestarts T_0 0" => new CosineAnnealingWarmRestarts(o, 0),
        "CosineAnnealingWarmRestarts T_mult 0" => new CosineAnnealingWarmRestarts(o, 5, tMult: 0),
        "CosineAnnealingWarmRestarts eta_min NaN" => new CosineAnnealingWarmRestarts(o, 5, etaMin: double.NaN),
        "SWALR swa_lr -1" => new SWALR(o, -1.0),
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "no such case"),
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Invalid_settings_fail_with_the_message_and_change_nothing(string setting, string message, string parameter)
    {
        var adam = Adam(0.5);
        string before = adam.SaveState().ToJsonString();
        var build = () => Build(setting, adam);
        var refused = build.Should().Throw<ArgumentOutOfRangeException>().Which;
        refused.Message.Should().StartWith(message);
        refused.ParamName.Should().Be(parameter, "the exception names the setting by torch's name");
        adam.SaveState().ToJsonString().Should().Be(before);
    }

    [Fact]
    public void OneCycleLR_needs_total_steps_or_epochs_and_steps_per_epoch()
    {
        var build = () => new OneCycleLR(Adam(0.5), 0.1, epochs: 10);
        build.Should().Throw<ArgumentException>().Which.Message.Should().StartWith("You must define either total_steps OR (epochs AND steps_per_epoch)");
    }

    [Theory]
    [InlineData("base_lr")]
    [InlineData("max_lr")]
    [InlineData("base_momentum")]
    [InlineData("max_momentum")]
    public void A_per_group_list_of_the_wrong_length_fails_with_torchs_message(string name)
    {
        var adam = Adam(0.5, 0.4);
        double[] three = [0.1, 0.2, 0.3];
        var build = () => new CyclicLR(adam,
            baseLr: name == "base_lr" ? three : 0.01,
            maxLr: name == "max_lr" ? three : 0.1,
            baseMomentum: name == "base_momentum" ? three : 0.8,
            maxMomentum: name == "max_momentum" ? three : 0.9);
        build.Should().Throw<ArgumentException>().Which.Message.Should()
            .StartWith($"{name} must have the same length as optimizer.param_groups. {name} has 3 values, param_groups has 2.");
        adam.GroupOptions.Select(o => o.Lr).Should().Equal(0.5, 0.4);
    }

    [Theory]
    [InlineData("max_lr")]
    [InlineData("base_momentum")]
    [InlineData("max_momentum")]
    public void A_OneCycleLR_list_of_the_wrong_length_fails_with_torchs_message(string name)
    {
        var adam = Adam(0.5, 0.4);
        double[] three = [0.1, 0.2, 0.3];
        var build = () => new OneCycleLR(adam, totalSteps: 100,
            maxLr: name == "max_lr" ? three : 0.1,
            baseMomentum: name == "base_momentum" ? three : 0.85,
            maxMomentum: name == "max_momentum" ? three : 0.95);
        var refused = build.Should().Throw<ArgumentException>().Which;
        refused.Message.Should().StartWith($"{name} must have the same length as optimizer.param_groups. {name} has 3 values, param_groups has 2.");
        refused.ParamName.Should().Be(name);
        adam.GroupOptions.Should().OnlyContain(o => o.InitialLr == null, "a refused schedule changes nothing");
    }

    [Fact]
    public void Null_arguments_are_named()
    {
        // The base class checks the optimizer before it reads its groups; ReduceLROnPlateau checks its own.
        var step = () => new StepLR(null!, 3);
        step.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
        var plateau = () => new ReduceLROnPlateau(null!);
        plateau.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("optimizer");
        var milestones = () => new MultiStepLR(Adam(0.5), null!);
        milestones.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("milestones");
        var values = () => new PerGroup((IReadOnlyList<double>)null!);
        values.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("values");
    }

    [Fact]
    public void ReduceLROnPlateau_min_lr_list_of_the_wrong_length_fails_with_torchs_message()
    {
        var build = () => new ReduceLROnPlateau(Adam(0.5, 0.4), minLr: new[] { 0.1 });
        build.Should().Throw<ArgumentException>().Which.Message.Should().StartWith("expected 2 min_lrs, got 1");
    }

    [Fact]
    public void OneCycleLR_cycle_momentum_needs_momentum_like_torch()
    {
        var build = () => new OneCycleLR(new LrOnlyOptimizer(0.1), 0.1, totalSteps: 10);
        build.Should().Throw<ArgumentException>().Which.Message.Should()
            .StartWith("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");

        // Batch 0 anneals from max_lr back to initial_lr: max + (initial - max)/2·2, within a rounding of 0.1/25.
        new OneCycleLR(new LrOnlyOptimizer(0.1), 0.1, totalSteps: 10, cycleMomentum: false).LastLr[0].Should().BeApproximately(0.1 / 25, 1e-17);
    }

    [Fact]
    public void Defaults_are_torchs()
    {
        var plateau = new ReduceLROnPlateau(Adam(0.5));
        (plateau.Mode, plateau.Factor, plateau.Patience, plateau.Threshold, plateau.ThresholdMode, plateau.Cooldown, plateau.MinLrs[0], plateau.Eps)
            .Should().Be((PlateauMode.Min, 0.1, 10, 1e-4, ThresholdMode.Rel, 0, 0.0, 1e-8));

        var step = new StepLR(Adam(0.5), 3);
        step.Gamma.Should().Be(0.1);

        var linear = new LinearLR(Adam(0.5));
        (linear.StartFactor, linear.EndFactor, linear.TotalIters).Should().Be((1.0 / 3, 1.0, 5));

        var cyclic = new CyclicLR(Adam(0.5), 0.01, 0.1);
        (cyclic.TotalSize, cyclic.StepRatio, cyclic.Mode, cyclic.Gamma, cyclic.CycleMomentum, cyclic.BaseMomentums[0], cyclic.MaxMomentums[0])
            .Should().Be((4000.0, 0.5, CyclicLRMode.Triangular, 1.0, true, 0.8, 0.9));

        var adam = Adam(0.5);
        var oneCycle = new OneCycleLR(adam, 0.1, totalSteps: 1000);
        (oneCycle.PhaseEnds.Count, oneCycle.PhaseEnds[0], oneCycle.AnnealStrategy, oneCycle.CycleMomentum).Should().Be((2, 299.0, AnnealStrategy.Cos, true));
        oneCycle.MinLrs[0].Should().Be(0.1 / 25.0 / 1e4);

        // Batch 0 is annealed back from the far end (see above): within a rounding of initial_lr and max_momentum.
        oneCycle.LastLr[0].Should().BeApproximately(0.1 / 25.0, 1e-17);
        ((AdamOptions)adam.GroupOptions[0]).Beta1.Should().BeApproximately(0.95, 1e-16);

        new CosineAnnealingLR(Adam(0.5), 10).EtaMin.Should().Be(0.0);
        new MultiStepLR(Adam(0.5), [1]).Gamma.Should().Be(0.1);
    }
}
