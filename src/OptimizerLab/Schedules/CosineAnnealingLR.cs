using OptimizerLab.Optimizers;

namespace OptimizerLab.Schedules;

/// <summary>
/// Anneals each group's learning rate from its base value to <c>eta_min</c> along a half cosine over <c>T_max</c> epochs
/// (<c>torch.optim.lr_scheduler.CosineAnnealingLR</c>, SGDR without restarts: past <c>T_max</c> the cosine continues and
/// the learning rate rises again).
/// </summary>
/// <remarks>
/// torch's recursive form, which this follows operation by operation:
/// <code>
/// epoch 0:                                   lr = group lr
/// (t - 1 - T_max) mod 2·T_max == 0:           lr = group lr + (base_lr - eta_min)·(1 - cos(π/T_max))/2
///                                             (the step after a trough, where the ratio below would divide by 1 + cos(π) = 0)
/// otherwise:                                  lr = (1 + cos(π·t/T_max)) / (1 + cos(π·(t-1)/T_max)) · (group lr - eta_min) + eta_min
/// closed form: lr_t = eta_min + (base_lr - eta_min)·(1 + cos(π·t/T_max))/2
/// </code>
/// The cosine has no exact deterministic form, so steps call <see cref="Math.Cos"/>: .NET takes it from the platform's
/// libm, as CPython's <c>math.cos</c> does, so results match PyTorch on the same platform but may differ in the last bit
/// between platforms (this and <see cref="OneCycleLR"/> with cosine annealing are the only schedules where that can happen).
/// Unlike torch, <c>T_max</c> must be positive (torch divides by it).
/// </remarks>
public sealed class CosineAnnealingLR : LearningRateSchedule
{
    /// <summary>Anneals over <paramref name="tMax"/> epochs down to <paramref name="etaMin"/>.</summary>
    public CosineAnnealingLR(IOptimizer optimizer, int tMax, double etaMin = 0.0)
        : base(optimizer, new CosineSettings(tMax, etaMin))
    {
    }

    /// <summary>Number of epochs of the half cosine (torch's <c>T_max</c>).</summary>
    public int TMax => Own.TMax;

    /// <summary>The learning rate at the trough (torch's <c>eta_min</c>).</summary>
    public double EtaMin => Own.EtaMin;

    private CosineSettings Own => (CosineSettings)Settings!;

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        // torch also has a closed-form branch for a schedule constructed with last_epoch > 0; this API resumes through
        // LoadState instead, so that branch cannot be reached.
        if (initial)
        {
            ScaleGroupLrs(lrs, 1.0);
        }
        else if ((epoch - 1 - TMax) % (2L * TMax) == 0)
        {
            // Only divisibility matters, so C#'s remainder (sign of the dividend) serves for Python's modulo here.
            double rise = 1 - Math.Cos(Math.PI / TMax);
            for (int i = 0; i < lrs.Length; i++) lrs[i] = GroupLr(i) + (BaseLrValues[i] - EtaMin) * rise / 2;
        }
        else
        {
            double ratio = (1 + Math.Cos(Math.PI * epoch / TMax)) / (1 + Math.Cos(Math.PI * (epoch - 1) / TMax));
            for (int i = 0; i < lrs.Length; i++) lrs[i] = ratio * (GroupLr(i) - EtaMin) + EtaMin;
        }
    }

    private protected override void ClosedFormLrs(long epoch, double[] lrs)
    {
        CosineFromBaseLrs(lrs, EtaMin, 1 + Math.Cos(Math.PI * epoch / TMax));
    }

    private sealed record CosineSettings([property: TorchOption(Name = "T_max")] int TMax, double EtaMin) : ScheduleSettings
    {
        public override void Validate() => ScheduleCheck.PositiveInteger(TMax, "T_max");
    }
}
