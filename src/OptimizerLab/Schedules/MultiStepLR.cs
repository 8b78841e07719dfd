using System.Text.Json.Nodes;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// Multiplies each group's learning rate by <c>gamma</c> when the epoch reaches a milestone
/// (<c>torch.optim.lr_scheduler.MultiStepLR</c>).
/// </summary>
/// <remarks>
/// <code>
/// epoch t in milestones (counted c times):  lr = group lr · gamma^c      (torch's recursive form)
/// otherwise:                                 lr = group lr
/// closed form: lr_t = base_lr · gamma^(number of milestones ≤ t)
/// </code>
/// Like torch (a <c>Counter</c>), milestones may come in any order and a repeated milestone decays once per repetition.
/// gamma^c is computed by repeated squaring (<see cref="DeterministicMath.Pow(double, long)"/>) rather than the platform's pow, which
/// torch uses; for c = 1 and 2 both are exact or correctly rounded, so they agree.
/// </remarks>
public sealed class MultiStepLR : LearningRateSchedule
{
    private Dictionary<long, int> _counts;
    private int[] _milestones;

    /// <summary>Decays every group's learning rate by <paramref name="gamma"/> at each of the <paramref name="milestones"/>.</summary>
    public MultiStepLR(IOptimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1)
        : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = milestones.Order().ToArray();
        _counts = Count(_milestones);
        Gamma = gamma;
        Begin();
    }

    /// <summary>The milestones in ascending order, repetitions kept (torch's <c>milestones</c> counter).</summary>
    public IReadOnlyList<int> Milestones => _milestones;

    /// <summary>Multiplicative factor of each decay (torch's <c>gamma</c>).</summary>
    public double Gamma { get; private set; }

    private static Dictionary<long, int> Count(int[] milestones)
    {
        var counts = new Dictionary<long, int>();
        foreach (int milestone in milestones) counts[milestone] = counts.GetValueOrDefault(milestone) + 1;
        return counts;
    }

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        bool decay = _counts.TryGetValue(epoch, out int count);
        double factor = decay ? DeterministicMath.Pow(Gamma, count) : 1.0;
        ScaleGroupLrs(lrs, decay ? factor : 1.0);
    }

    private protected override void ClosedFormLrs(long epoch, double[] lrs)
    {
        int passed = 0;
        foreach (int milestone in _milestones) passed += milestone <= epoch ? 1 : 0;
        double factor = Math.Pow(Gamma, passed);
        ScaleBaseLrs(lrs, factor);
    }

    private protected override void WriteSettings(JsonObject state)
    {
        state["milestones"] = new JsonArray(_milestones.Select(m => (JsonNode)m).ToArray());
        state["gamma"] = ScheduleStateFormat.Number(Gamma);
    }

    private protected override Action ReadSettings(ScheduleStateReader reader)
    {
        int[] milestones = reader.Ints("milestones").Order().ToArray();
        double gamma = reader.Double("gamma");
        return () => (_milestones, _counts, Gamma) = (milestones, Count(milestones), gamma);
    }
}
