using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Scales each group's learning rate by a factor that moves linearly from <c>start_factor</c> to <c>end_factor</c> over
/// <c>total_iters</c> epochs, then stays (<c>torch.optim.lr_scheduler.LinearLR</c>; with the defaults, a warm-up).
/// </summary>
/// <remarks>
/// torch's recursive form, which this follows operation by operation:
/// <code>
/// epoch 0:                  lr = group lr · start_factor
/// 1 ≤ t ≤ total_iters:      lr = group lr · (1 + (end_factor - start_factor) / (total_iters·start_factor + (t-1)·(end_factor - start_factor)))
/// t &gt; total_iters:          lr = group lr
/// closed form: lr_t = base_lr · (start_factor + (end_factor - start_factor)·min(total_iters, t)/total_iters)
/// </code>
/// torch checks <c>start_factor</c> and <c>end_factor</c> (NaN slips through torch's check; here it does not);
/// <c>total_iters</c> must not be negative here.
/// </remarks>
public sealed class LinearLR : LearningRateSchedule
{
    /// <summary>Moves the factor from <paramref name="startFactor"/> to <paramref name="endFactor"/> over <paramref name="totalIters"/> epochs (torch's defaults: 1/3, 1, 5).</summary>
    public LinearLR(IOptimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
        : base(optimizer, new LinearSettings(startFactor, endFactor, totalIters))
    {
    }

    /// <summary>The factor at epoch 0 (torch's <c>start_factor</c>).</summary>
    public double StartFactor => Own.StartFactor;

    /// <summary>The factor from epoch <see cref="TotalIters"/> on (torch's <c>end_factor</c>).</summary>
    public double EndFactor => Own.EndFactor;

    /// <summary>Number of epochs over which the factor moves (torch's <c>total_iters</c>).</summary>
    public int TotalIters => Own.TotalIters;

    private LinearSettings Own => (LinearSettings)Settings!;

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        double factor = epoch == 0 ? StartFactor
            : initial || epoch > TotalIters ? 1.0
            : 1.0 + (EndFactor - StartFactor) / (TotalIters * StartFactor + (epoch - 1) * (EndFactor - StartFactor));
        ScaleGroupLrs(lrs, factor);
    }

    private protected override void ClosedFormLrs(long epoch, double[] lrs)
    {
        // torch divides by total_iters here; with total_iters = 0 the factor is end_factor from epoch 0.
        double factor = TotalIters == 0 ? EndFactor : StartFactor + (EndFactor - StartFactor) * Math.Min(TotalIters, epoch) / TotalIters;
        ScaleBaseLrs(lrs, factor);
    }

    private sealed record LinearSettings(double StartFactor, double EndFactor, int TotalIters) : ScheduleSettings
    {
        public override void Validate()
        {
            if (!(StartFactor > 0 && StartFactor <= 1.0))
            {
                throw new ArgumentOutOfRangeException("start_factor", StartFactor,
                    "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
            }

            if (!(EndFactor >= 0 && EndFactor <= 1.0))
                throw new ArgumentOutOfRangeException("end_factor", EndFactor, "Ending multiplicative factor expected to be between 0 and 1.");

            ScheduleCheck.NonNegativeInteger(TotalIters, "total_iters");
        }
    }
}
