using System.Diagnostics;
using OptimizerLab.Analysis;
using OptimizerLab.Lab;

namespace OptimizerLab.Regression.SeedExperiment;

/// <summary>
/// The seed experiment run once per test class, side by side: PyTorch's own loop (<see cref="TorchTraining"/>) and
/// OptimizerLab's <see cref="Experiment.Run{T}(RunSpec, Problems.Problem{T}, CurveAnalysisOptions?, CancellationToken)"/>
/// on the problem read from the .npy files PyTorch's data were saved to (<see cref="TorchSeedData"/>); Adam defaults, float32.
/// </summary>
public sealed class SeedRuns : IDisposable
{
    /// <summary>Steps of each run: the question's 5000.</summary>
    public const int Steps = 5000;

    private readonly TorchSeedData _data = new(seed: 0);

    /// <summary>Runs both.</summary>
    public SeedRuns()
    {
        var clock = Stopwatch.StartNew();
        TorchLoss = TorchTraining.AdamLosses(_data.Seed, Steps, lr: 1e-3);
        TorchSeconds = clock.Elapsed.TotalSeconds;

        var problem = _data.ReadProblem();
        InitialWeight = problem.Weight.Value.ToArray();
        X = problem.X.ToArray();
        clock.Restart();
        Ours = Experiment.Run(new RunSpec
        {
            Label = "seed-torch-data",
            Optimizer = "adam",
            Precision = Precision.Float32,
            Steps = Steps,
            // Loss only: no sharpness measurement, diagnostics once (they do not change the trajectory).
            SharpnessEvery = Steps,
            DiagnosticsEvery = Steps,
        }, problem);
        OurSeconds = clock.Elapsed.TotalSeconds;
        FinalWeight = problem.Weight.Value.ToArray();

        TorchSummary = CurveAnalysis.Analyze(TorchLoss);
        _nudgedRebounds = new Lazy<int[]>(() => NudgedRebounds(8));
    }

    private readonly Lazy<int[]> _nudgedRebounds;

    /// <summary>
    /// Our rebound step after nudging one initial weight by one ulp (eight weights spread over the row, up and down in
    /// turn): the spread of the rebound that rounding alone produces, since the unstable mode grows from rounding noise.
    /// </summary>
    public int[] NudgedReboundSteps => _nudgedRebounds.Value;

    private int[] NudgedRebounds(int count)
    {
        var rebounds = new int[count];
        for (int k = 0; k < count; k++)
        {
            var problem = _data.ReadProblem();
            var weight = problem.Weight.Value;
            int i = k * 83 % weight.Length;
            weight[i] = k % 2 == 0 ? MathF.BitIncrement(weight[i]) : MathF.BitDecrement(weight[i]);
            var run = Experiment.Run(new RunSpec
            {
                Label = "seed-torch-data-nudged",
                Optimizer = "adam",
                Precision = Precision.Float32,
                Steps = 3000, // the rebound comes near step 2000
                SharpnessEvery = 3000,
                DiagnosticsEvery = 3000,
            }, problem);
            rebounds[k] = run.Summary.ReboundStep ?? throw new Xunit.Sdk.XunitException($"a run nudged at weight {i} did not rebound by step 3000");
        }

        return rebounds;
    }

    /// <summary>PyTorch's loss before each step.</summary>
    public double[] TorchLoss { get; }

    /// <summary>OptimizerLab's run.</summary>
    public RunResult Ours { get; }

    /// <summary>OptimizerLab's loss before each step.</summary>
    public double[] OurLoss => Ours.Records.Loss;

    /// <summary>Plateau, rebound and level of PyTorch's curve (the same analysis as ours).</summary>
    public CurveSummary TorchSummary { get; }

    /// <summary>x as read back from x.npy, row-major 64 × 1000.</summary>
    public float[] X { get; }

    /// <summary>The weight as read back from weight.npy.</summary>
    public float[] InitialWeight { get; }

    /// <summary>Our weight after the last step.</summary>
    public float[] FinalWeight { get; }

    /// <summary>Wall time of PyTorch's loop.</summary>
    public double TorchSeconds { get; }

    /// <summary>Wall time of our run.</summary>
    public double OurSeconds { get; }

    /// <inheritdoc />
    public void Dispose() => _data.Dispose();
}
