using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Clipping;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;
using OptimizerLab.Schedules;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Property 8: save at a random step k (optimizer state, schedule state, sampler position, parameters, all through JSON text),
/// load into freshly built objects, continue: the losses and parameters are bit-identical to a run that never stopped,
/// for every optimizer and schedule.
/// </summary>
public class StateRoundTripProperties
{
    public static TheoryData<string, Precision> AllRows() => FixedOptimizerCases.Rows();

    [Theory]
    [MemberData(nameof(AllRows))]
    public void Save_load_and_continue_is_bit_identical_in_every_fixed_row(string optimizer, Precision precision) =>
        FixedOptimizerCases.Holds(Save_at_k_load_and_continue_is_bit_identical_to_an_uninterrupted_run(
            FixedOptimizerCases.Run(optimizer, precision), 13));

    [SeededProperty(Arbitrary = [typeof(Arbitraries)], Cases = 30)]
    public Property Save_at_k_load_and_continue_is_bit_identical_to_an_uninterrupted_run(RunCase c, int k)
    {
        int saveAt = Math.Abs(k) % (c.Steps + 1);
        return c.Optimizer.Precision == Precision.Float32 ? RoundTrip<float>(c, saveAt) : RoundTrip<double>(c, saveAt);
    }

    private static Property RoundTrip<T>(RunCase c, int saveAt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var straight = new Training<T>(c);
        straight.Run(0, c.Steps);

        var first = new Training<T>(c);
        first.Run(0, saveAt);
        string optimizerState = first.Optimizer.SaveState().ToJsonString();
        string? scheduleState = first.Schedule?.SaveState().ToJsonString();
        string? samplerState = first.Problem.Sampler?.SaveState().ToJsonString();
        var values = first.Problem.Parameters.Select(p => p.Value.ToArray()).ToArray();

        // As torch: build the schedule on the fresh optimizer first (it sets the epoch-0 lr), then load both states.
        var resumed = new Training<T>(c);
        resumed.Schedule?.LoadState(JsonNode.Parse(scheduleState!)!);
        resumed.Optimizer.LoadState(JsonNode.Parse(optimizerState)!);
        if (samplerState is not null) resumed.Problem.Sampler!.LoadState(JsonNode.Parse(samplerState));
        for (int i = 0; i < values.Length; i++) values[i].CopyTo(resumed.Problem.Parameters[i].Value, 0);
        resumed.Run(saveAt, c.Steps);

        int lossDiff = FirstDifference(straight.Loss, resumed.Loss, saveAt);
        string parameterDiff = "";
        for (int p = 0; p < values.Length && parameterDiff == ""; p++)
        {
            var a = straight.Problem.Parameters[p].Value;
            var b = resumed.Problem.Parameters[p].Value;
            for (int i = 0; i < a.Length; i++)
            {
                if (!a[i].Equals(b[i]) && !(T.IsNaN(a[i]) && T.IsNaN(b[i])))
                {
                    parameterDiff = string.Create(CultureInfo.InvariantCulture, $"{straight.Problem.Parameters[p].Name}[{i}] = {a[i]} vs {b[i]}");
                    break;
                }
            }
        }

        bool lrSame = BitConverter.DoubleToInt64Bits(straight.Lr) == BitConverter.DoubleToInt64Bits(resumed.Lr);
        string losses = lossDiff < 0 ? "identical" : string.Create(CultureInfo.InvariantCulture,
            $"first differ at step {lossDiff}: {straight.Loss[lossDiff]:R} vs {resumed.Loss[lossDiff]:R}");
        return (lossDiff < 0 && parameterDiff == "" && lrSame).Label(string.Create(CultureInfo.InvariantCulture,
            $"{c}; saved at step {saveAt} | losses after resuming: {losses} | final parameters: {(parameterDiff == "" ? "identical" : parameterDiff)} " +
            $"| final lr: {straight.Lr:R} vs {resumed.Lr:R}"));
    }

    private static int FirstDifference(double[] a, double[] b, int from)
    {
        for (int t = from; t < a.Length; t++)
        {
            if (BitConverter.DoubleToInt64Bits(a[t]) != BitConverter.DoubleToInt64Bits(b[t])) return t;
        }

        return -1;
    }

    /// <summary>A training loop as the lab runs one: loss and gradient, clipping, optimizer step, schedule step.</summary>
    private sealed class Training<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly RunCase _case;

        public Training(RunCase c)
        {
            _case = c;
            Problem = c.Build<T>();
            Optimizer = OptimizerCatalog.Create<T>(c.Optimizer.Optimizer, Problem.Parameters, OptimizerFactory.Options(c.Optimizer),
                NonFiniteGradientPolicy.SkipStep);
            Schedule = c.Schedule is null ? null : ScheduleCatalog.Create(c.Schedule, c.ScheduleSettings, Optimizer);
            Loss = new double[c.Steps];
        }

        public LeastSquaresProblem<T> Problem { get; }

        public IOptimizer<T> Optimizer { get; }

        public ILearningRateSchedule? Schedule { get; }

        public double[] Loss { get; }

        public double Lr => Optimizer.GroupOptions[0].Lr;

        public void Run(int from, int to)
        {
            for (int t = from; t < to; t++)
            {
                double loss = Problem.LossAndGradient();
                Loss[t] = loss;
                if (_case.ClipNorm is double maxNorm) GradientClipping.ClipByGlobalNorm(Problem.Parameters, maxNorm);
                if (_case.ClipValue is double clipValue) GradientClipping.ClipByValue(Problem.Parameters, clipValue);
                Optimizer.Step();
                if (Schedule is not null) ScheduleCatalog.Step(Schedule, loss);
            }
        }
    }
}
