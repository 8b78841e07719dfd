using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;

namespace OptimizerLab.Properties.Core.Schedules;

/// <summary>Optimizers to schedule and helpers to record learning-rate sequences.</summary>
internal static class ScheduleKit
{
    /// <summary>One Adam group per learning rate, each with a one-element parameter.</summary>
    public static Adam<double> Adam(params double[] lrs) =>
        new(lrs.Select((lr, i) => new ParamGroup<double, AdamOptions>([new Parameter<double>(1, $"p{i}")], new AdamOptions { Lr = lr })));

    /// <summary>The learning rates of every group for epochs 0..<paramref name="steps"/>: row t holds epoch t.</summary>
    public static double[][] Run(IStepwiseSchedule schedule, int steps)
    {
        var rows = new double[steps + 1][];
        rows[0] = Snapshot(schedule);
        for (int t = 1; t <= steps; t++)
        {
            schedule.Step();
            rows[t] = Snapshot(schedule);
        }

        return rows;
    }

    /// <summary>The schedule's LastLr, checked to be what the optimizer now holds.</summary>
    public static double[] Snapshot(ILearningRateSchedule schedule)
    {
        var lrs = schedule.LastLr.ToArray();
        var optimizer = schedule switch
        {
            LearningRateSchedule s => s.Optimizer,
            ReduceLROnPlateau p => p.Optimizer,
            SequentialLR s => s.Optimizer,
            ChainedScheduler c => c.Optimizer,
            _ => throw new ArgumentException("unknown schedule", nameof(schedule)),
        };
        optimizer.GroupOptions.Select(o => o.Lr).Should().Equal(lrs, "LastLr is the learning rate the optimizer holds");
        return lrs;
    }

    /// <summary>|a - b| relative to |b|, 0 when both are equal (also when both are 0).</summary>
    public static double RelativeError(double a, double b) => a == b ? 0 : Math.Abs(a - b) / Math.Abs(b);

    /// <summary>The unit roundoff of double, 2^-53: one correctly rounded operation errs by at most this, relatively.</summary>
    public const double U = 1.0 / (1L << 53);

    public static JsonNode Reparse(JsonObject state) => JsonNode.Parse(state.ToJsonString())!;
}

/// <summary>An optimizer whose groups have a learning rate and nothing a cyclic schedule could vary (no momentum, no beta1).</summary>
internal sealed class LrOnlyOptimizer : IOptimizer
{
    private readonly LrOnlyOptions[] _options;

    public LrOnlyOptimizer(params double[] lrs) => _options = lrs.Select(lr => new LrOnlyOptions { Lr = lr }).ToArray();

    public string Name => "LrOnly";

    public IReadOnlyList<OptimizerOptions> GroupOptions => _options;

    public long StepsTaken => 0;

    public StepOutcome Step() => StepOutcome.Taken;

    public JsonObject SaveState() => [];

    public void LoadState(JsonNode state)
    {
    }

    internal sealed record LrOnlyOptions : OptimizerOptions
    {
        protected override void ValidateAfterLr()
        {
        }
    }
}
