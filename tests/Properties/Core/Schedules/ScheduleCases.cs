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
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such schedule case"),
    };

    public static readonly string[] Names =
        ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "CyclicLR", "OneCycleLR", "ReduceLROnPlateau"];

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
