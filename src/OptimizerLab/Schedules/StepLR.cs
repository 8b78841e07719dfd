using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

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
        : base(optimizer)
    {
        Validate(stepSize);
        StepSize = stepSize;
        Gamma = gamma;
        Begin();
    }

    /// <inheritdoc />
    public override string Name => "StepLR";

    /// <summary>Period of the decay, in epochs (torch's <c>step_size</c>).</summary>
    public int StepSize { get; private set; }

    /// <summary>Multiplicative factor of the decay (torch's <c>gamma</c>).</summary>
    public double Gamma { get; private set; }

    private static void Validate(int stepSize) => ScheduleCheck.PositiveInteger(stepSize, "step_size");

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

    private protected override void WriteSettings(JsonObject state)
    {
        state["step_size"] = StepSize;
        state["gamma"] = ScheduleStateFormat.Number(Gamma);
    }

    private protected override Action ReadSettings(ScheduleStateReader reader)
    {
        int stepSize = reader.Int("step_size");
        double gamma = reader.Double("gamma");
        reader.Validate(() => Validate(stepSize));
        return () => (StepSize, Gamma) = (stepSize, gamma);
    }
}
