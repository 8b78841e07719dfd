using OptimizerLab.Averaging;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>Every schedule in a typical configuration, and a way to step it, for the tests that cover them all.</summary>
internal static class ScheduleCases
{
    /// <summary>
    /// Builds the named schedule on <paramref name="optimizer"/>; <paramref name="variant"/> picks other settings of the
    /// same kind, so a test can show that loading a state restores the settings too.
    /// </summary>
    public static ILearningRateSchedule Build(string name, IOptimizer optimizer, bool variant = false) => name switch
    {
        "StepLR" => new StepLR(optimizer, variant ? 3 : 7, variant ? 0.5 : 0.3),
        "MultiStepLR" => new MultiStepLR(optimizer, variant ? [2] : [5, 20, 20, 31], variant ? 0.9 : 0.7),
        "ExponentialLR" => new ExponentialLR(optimizer, variant ? 0.5 : 0.97),
        "CosineAnnealingLR" => new CosineAnnealingLR(optimizer, variant ? 5 : 13, variant ? 0.0 : 1e-3),
        "LinearLR" => new LinearLR(optimizer, variant ? 0.5 : 0.1, variant ? 0.9 : 1.0, variant ? 3 : 25),
        "CyclicLR" => new CyclicLR(optimizer, variant ? 0.2 : new[] { 0.01, 0.001 }, variant ? 0.3 : new[] { 0.1, 0.01 },
            stepSizeUp: variant ? 2 : 6, stepSizeDown: variant ? null : 9, mode: variant ? CyclicLRMode.Triangular : CyclicLRMode.ExpRange,
            gamma: 0.99, baseMomentum: variant ? 0.5 : 0.8),
        "OneCycleLR" => new OneCycleLR(optimizer, variant ? 1.0 : new[] { 0.1, 0.05 }, totalSteps: variant ? 80 : 60,
            pctStart: variant ? 0.5 : 0.25, threePhase: !variant),
        "ReduceLROnPlateau" => new ReduceLROnPlateau(optimizer, patience: variant ? 7 : 2, factor: variant ? 0.9 : 0.5,
            cooldown: variant ? 0 : 3, minLr: variant ? 0.0 : new[] { 1e-4, 1e-5 }),
        "ConstantLR" => new ConstantLR(optimizer, variant ? 0.9 : 0.25, variant ? 2 : 17),
        "PolynomialLR" => new PolynomialLR(optimizer, variant ? 10 : 45, variant ? 2.0 : 0.9),
        "CosineAnnealingWarmRestarts" => new CosineAnnealingWarmRestarts(optimizer, variant ? 4 : 5, variant ? 1 : 2, variant ? 0.0 : 1e-3),
        // The functions are not in the state (as in torch), so a resumed schedule is built with the same ones.
        "LambdaLR" => new LambdaLR(optimizer, Decay),
        "MultiplicativeLR" => new MultiplicativeLR(optimizer, Shrink),
        "SequentialLR" => new SequentialLR(optimizer,
            [new LinearLR(optimizer, variant ? 0.5 : 0.1, 1.0, variant ? 3 : 8), new CosineAnnealingLR(optimizer, variant ? 9 : 20), new ExponentialLR(optimizer, variant ? 0.5 : 0.9)],
            variant ? [4, 6] : [8, 30]),
        "ChainedScheduler" => new ChainedScheduler(
            [new StepLR(optimizer, variant ? 2 : 9, variant ? 0.5 : 0.3), new MultiplicativeLR(optimizer, Shrink)]),
        "SWALR" => new SWALR(optimizer, variant ? 0.3 : new[] { 0.01, 0.005 }, variant ? 2 : 15, variant ? AnnealStrategy.Cos : AnnealStrategy.Linear),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such schedule case"),
    };

    private static readonly Func<int, double> Decay = epoch => Math.Pow(0.97, epoch) * (1 + epoch % 3);
    private static readonly Func<int, double> Shrink = epoch => epoch % 4 == 0 ? 0.8 : 1.01;

    public static readonly string[] Names =
        ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "CyclicLR", "OneCycleLR", "ReduceLROnPlateau",
         "ConstantLR", "PolynomialLR", "CosineAnnealingWarmRestarts", "LambdaLR", "MultiplicativeLR", "SequentialLR", "ChainedScheduler", "SWALR"];

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (string name in Names) data.Add(name);
        return data;
    }

    /// <summary>A validation loss that improves now and then, so ReduceLROnPlateau both waits and reduces.</summary>
    public static double Metric(long epoch) => epoch % 9 == 0 ? 1.0 / (epoch + 1) : 2.0;

    /// <summary>One step: <see cref="IStepwiseSchedule.Step"/>, or for ReduceLROnPlateau a step with the next metric.</summary>
    public static void Step(ILearningRateSchedule schedule)
    {
        if (schedule is ReduceLROnPlateau plateau) plateau.Step(Metric(plateau.LastEpoch + 1));
        else ((IStepwiseSchedule)schedule).Step();
    }

    /// <summary>Two Adam groups (float, to show schedules do not care about the element type).</summary>
    public static Adam<float> Optimizer(double lr0 = 0.05, double lr1 = 0.02) =>
        new([new ParamGroup<float, AdamOptions>([new Parameter<float>(3, "a")], new AdamOptions { Lr = lr0 }),
             new ParamGroup<float, AdamOptions>([new Parameter<float>(2, "b")], new AdamOptions { Lr = lr1 })]);
}
