using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

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
        : base(optimizer)
    {
        Gamma = gamma;
        Begin();
    }

    /// <inheritdoc />
    public override string Name => "ExponentialLR";

    /// <summary>Multiplicative factor of the decay (torch's <c>gamma</c>).</summary>
    public double Gamma { get; private set; }

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

    private protected override void WriteSettings(JsonObject state) => state["gamma"] = ScheduleStateFormat.Number(Gamma);

    private protected override Action ReadSettings(ScheduleStateReader reader)
    {
        double gamma = reader.Double("gamma");
        return () => Gamma = gamma;
    }
}
