using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Scales each group's learning rate by a constant <c>factor</c> for the first <c>total_iters</c> epochs, then restores it
/// (<c>torch.optim.lr_scheduler.ConstantLR</c>; a constant warm-up).
/// </summary>
/// <remarks>
/// torch's recursive form, which this follows operation by operation:
/// <code>
/// epoch 0:              lr = group lr · factor
/// epoch total_iters:    lr = group lr · (1 / factor)
/// otherwise:            lr = group lr
/// closed form: lr_t = base_lr · (factor + [t ≥ total_iters]·(1 - factor))
/// </code>
/// torch accepts a factor of 0 and then divides by it at epoch <c>total_iters</c> (the rate turns NaN); here the factor
/// must be greater than 0. <c>total_iters</c> must not be negative.
/// </remarks>
public sealed class ConstantLR : LearningRateSchedule
{
    /// <summary>Scales the learning rate by <paramref name="factor"/> for <paramref name="totalIters"/> epochs (torch's defaults: 1/3, 5).</summary>
    public ConstantLR(IOptimizer optimizer, double factor = 1.0 / 3, int totalIters = 5)
        : base(optimizer, new ConstantSettings(factor, totalIters))
    {
    }

    /// <summary>The factor of the first epochs (torch's <c>factor</c>).</summary>
    public double Factor => Own.Factor;

    /// <summary>The epoch at which the factor is taken back (torch's <c>total_iters</c>).</summary>
    public int TotalIters => Own.TotalIters;

    private ConstantSettings Own => (ConstantSettings)Settings!;

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs) =>
        ScaleGroupLrs(lrs, epoch == 0 ? Factor : epoch != TotalIters ? 1.0 : 1.0 / Factor);

    private protected override void ClosedFormLrs(long epoch, double[] lrs)
    {
        double factor = Factor + (epoch >= TotalIters ? 1 - Factor : 0.0);
        ScaleBaseLrs(lrs, factor);
    }

    private sealed record ConstantSettings(double Factor, int TotalIters) : ScheduleSettings
    {
        public override void Validate()
        {
            if (!(Factor >= 0 && Factor <= 1.0))
                throw new ArgumentOutOfRangeException("factor", Factor, "Constant multiplicative factor expected to be between 0 and 1.");
            ScheduleCheck.PositiveFinite(Factor, "factor");
            ScheduleCheck.NonNegativeInteger(TotalIters, "total_iters");
        }
    }
}
