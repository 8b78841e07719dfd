using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>Multiplies each group's learning rate by <c>gamma</c> every epoch (<c>torch.optim.lr_scheduler.ExponentialLR</c>).</summary>
/// <remarks>
/// <code>
/// epoch 0:      lr = group lr
/// epoch t &gt; 0: lr = group lr · gamma          (torch's recursive form)
/// closed form: lr_t = base_lr · gamma^t
/// </code>
/// After t epochs the recursive form has rounded t times, so it agrees with the closed form to about t/2 ulp, as in torch.
/// </remarks>
public sealed class ExponentialLR : LearningRateSchedule
{
    /// <summary>Decays every group's learning rate by <paramref name="gamma"/> each epoch.</summary>
    public ExponentialLR(IOptimizer optimizer, double gamma)
        : base(optimizer, new ExponentialSettings(gamma))
    {
    }

    /// <summary>Multiplicative factor of the decay (torch's <c>gamma</c>).</summary>
    public double Gamma => Own.Gamma;

    private ExponentialSettings Own => (ExponentialSettings)Settings!;

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        // torch: the initial step keeps the lr, so a schedule built on a resumed optimizer does not decay it twice.
        ScaleGroupLrs(lrs, initial ? 1.0 : Gamma);
    }

    private protected override void ClosedFormLrs(long epoch, double[] lrs)
    {
        double factor = Math.Pow(Gamma, epoch);
        ScaleBaseLrs(lrs, factor);
    }

    // torch checks nothing of gamma.
    private sealed record ExponentialSettings(double Gamma) : ScheduleSettings;
}
