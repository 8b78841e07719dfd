using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Decays each group's learning rate to 0 along (1 - t/total_iters)^power over <c>total_iters</c> epochs, then keeps it
/// (<c>torch.optim.lr_scheduler.PolynomialLR</c>).
/// </summary>
/// <remarks>
/// torch's recursive form, which this follows operation by operation:
/// <code>
/// epoch 0, or t &gt; total_iters:   lr = group lr
/// 1 ≤ t ≤ total_iters:            lr = group lr · ((1 - t/total_iters) / (1 - (t-1)/total_iters))^power
/// closed form: lr_t = base_lr · (1 - min(total_iters, t)/total_iters)^power
/// </code>
/// The power calls <see cref="Math.Pow"/>, as CPython's <c>**</c> calls the platform's <c>pow</c>: the bits match PyTorch on
/// the same platform (with the default power 1 they are exact everywhere). Unlike torch, <c>total_iters</c> must be positive
/// (torch divides by it) and <c>power</c> must not be negative (the rate would be infinite at <c>total_iters</c>).
/// </remarks>
public sealed class PolynomialLR : LearningRateSchedule
{
    /// <summary>Decays over <paramref name="totalIters"/> epochs with <paramref name="power"/> (torch's defaults: 5, 1).</summary>
    public PolynomialLR(IOptimizer optimizer, int totalIters = 5, double power = 1.0)
        : base(optimizer, new PolynomialSettings(totalIters, power))
    {
    }

    /// <summary>Number of epochs of the decay (torch's <c>total_iters</c>).</summary>
    public int TotalIters => Own.TotalIters;

    /// <summary>The power of the polynomial (torch's <c>power</c>).</summary>
    public double Power => Own.Power;

    private PolynomialSettings Own => (PolynomialSettings)Settings!;

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        double decay = initial || epoch > TotalIters
            ? 1.0
            : Math.Pow((1.0 - (double)epoch / TotalIters) / (1.0 - (double)(epoch - 1) / TotalIters), Power);
        ScaleGroupLrs(lrs, decay);
    }

    private protected override void ClosedFormLrs(long epoch, double[] lrs)
    {
        double decay = Math.Pow(1.0 - (double)Math.Min(TotalIters, epoch) / TotalIters, Power);
        ScaleBaseLrs(lrs, decay);
    }

    private sealed record PolynomialSettings(int TotalIters, double Power) : ScheduleSettings
    {
        public override void Validate()
        {
            ScheduleCheck.PositiveInteger(TotalIters, "total_iters");
            ScheduleCheck.NonNegativeFinite(Power, "power");
        }
    }
}
