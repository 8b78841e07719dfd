using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Multiplies each group's learning rate by <c>gamma</c> every <c>step_size</c> epochs (<c>torch.optim.lr_scheduler.StepLR</c>).
/// </summary>
/// <remarks>
/// <code>
/// epoch 0:                                  lr = group lr                 (the optimizer's lr when constructed)
/// epoch t &gt; 0, t mod step_size == 0:       lr = group lr · gamma          (torch's recursive form)
/// otherwise:                                lr = group lr
/// closed form: lr_t = base_lr · gamma^⌊t / step_size⌋
/// </code>
/// The recursive form multiplies once per decay, so it can differ from the closed form in the last bits after the second
/// decay, exactly as in torch. Unlike torch, <c>step_size</c> must be positive (torch divides by it at the first step).
/// </remarks>
public sealed class StepLR : LearningRateSchedule
{
    /// <summary>Decays every group's learning rate by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
    public StepLR(IOptimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer, new StepSettings(stepSize, gamma))
    {
    }

    /// <summary>Period of the decay, in epochs (torch's <c>step_size</c>).</summary>
    public int StepSize => Own.StepSize;

    /// <summary>Multiplicative factor of the decay (torch's <c>gamma</c>).</summary>
    public double Gamma => Own.Gamma;

    private StepSettings Own => (StepSettings)Settings!;

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        bool decay = epoch != 0 && epoch % StepSize == 0;
        ScaleGroupLrs(lrs, decay ? Gamma : 1.0);
    }

    private protected override void ClosedFormLrs(long epoch, double[] lrs)
    {
        // CPython's float ** int is the platform's pow, as Math.Pow.
        double factor = Math.Pow(Gamma, epoch / StepSize);
        ScaleBaseLrs(lrs, factor);
    }

    private sealed record StepSettings(int StepSize, double Gamma) : ScheduleSettings
    {
        public override void Validate() => ScheduleCheck.PositiveInteger(StepSize, "step_size");
    }
}
