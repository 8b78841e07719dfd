using OptimizerLab.Optimizers;
using OptimizerLab.Regression.TorchSharpLoading;
using OptimizerLab.Schedules;
using TorchSharp;
using Xunit.Abstractions;
using TorchParameter = TorchSharp.Modules.Parameter;
using TorchScheduler = TorchSharp.torch.optim.lr_scheduler.LRScheduler;

namespace OptimizerLab.Regression.Schedules;

/// <summary>
/// Our learning-rate schedules against TorchSharp's <c>torch.optim.lr_scheduler</c> for every schedule both have:
/// the learning rate (and, for the cyclic ones, the momentum) after construction and after each of 300 steps, on an SGD
/// with momentum 0.9 and lr 0.1.
/// </summary>
/// <remarks>
/// The tolerance is zero: both compute PyTorch's recursive formulas in double with the same operations in the same order
/// (the cosine from the same <see cref="Math.Cos"/> in this process; powers of two exact), so the bits must agree.
/// Where TorchSharp departs from PyTorch (CyclicLR's momentum and exp_range, see <c>TorchSharpDepartureTests</c>) those
/// settings are left out here.
/// </remarks>
public class ScheduleParityTests(ITestOutputHelper output)
{
    private const int Steps = 300;

    [Fact]
    public void StepLR_matches() => Compare(o => new StepLR(o, stepSize: 30, gamma: 0.5),
        t => torch.optim.lr_scheduler.StepLR(t, 30, 0.5));

    [Fact]
    public void MultiStepLR_matches() => Compare(o => new MultiStepLR(o, [30, 80, 150], gamma: 0.3),
        t => torch.optim.lr_scheduler.MultiStepLR(t, [30, 80, 150], 0.3));

    [Fact]
    public void ExponentialLR_matches() => Compare(o => new ExponentialLR(o, gamma: 0.97),
        t => torch.optim.lr_scheduler.ExponentialLR(t, 0.97));

    [Fact]
    public void CosineAnnealingLR_matches_through_two_periods() => Compare(o => new CosineAnnealingLR(o, tMax: 50, etaMin: 1e-4),
        t => torch.optim.lr_scheduler.CosineAnnealingLR(t, 50, 1e-4));

    [Fact]
    public void LinearLR_matches() => Compare(o => new LinearLR(o, startFactor: 0.25, endFactor: 1.0, totalIters: 40),
        t => torch.optim.lr_scheduler.LinearLR(t, 0.25, 1.0, 40));

    [Fact]
    public void ConstantLR_matches() => Compare(o => new ConstantLR(o, factor: 0.25, totalIters: 40),
        t => torch.optim.lr_scheduler.ConstantLR(t, 0.25, 40), distinctRates: 2);

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.9)]
    [InlineData(2.0)]
    public void PolynomialLR_matches(double power) => Compare(o => new PolynomialLR(o, totalIters: 120, power: power),
        t => torch.optim.lr_scheduler.PolynomialLR(t, 120, power));

    [Fact]
    public void LambdaLR_matches() => Compare(o => new LambdaLR(o, epoch => Math.Pow(0.99, epoch) * (1 + epoch % 7)),
        t => torch.optim.lr_scheduler.LambdaLR(t, epoch => Math.Pow(0.99, epoch) * (1 + epoch % 7)));

    [Fact]
    public void MultiplicativeLR_matches() => Compare(o => new MultiplicativeLR(o, epoch => epoch % 5 == 0 ? 0.7 : 1.02),
        t => torch.optim.lr_scheduler.MultiplicativeLR(t, epoch => epoch % 5 == 0 ? 0.7 : 1.02));

    [Fact]
    public void SequentialLR_matches_through_two_restarts() => Compare(
        o => new SequentialLR(o, [new ConstantLR(o, 0.1, 20), new ExponentialLR(o, 0.98), new StepLR(o, 30, 0.5)], [50, 120]),
        t => torch.optim.lr_scheduler.SequentialLR(t,
            [torch.optim.lr_scheduler.ConstantLR(t, 0.1, 20), torch.optim.lr_scheduler.ExponentialLR(t, 0.98), torch.optim.lr_scheduler.StepLR(t, 30, 0.5)],
            [50, 120]));

    [Theory]
    [InlineData(CyclicLRMode.Triangular)]
    [InlineData(CyclicLRMode.Triangular2)]
    public void CyclicLR_learning_rates_match(CyclicLRMode mode) => Compare(
        o => new CyclicLR(o, baseLr: 1e-3, maxLr: 0.1, stepSizeUp: 20, stepSizeDown: 30, mode: mode, cycleMomentum: false),
        t => torch.optim.lr_scheduler.CyclicLR(t, 1e-3, 0.1, 20, 30,
            mode == CyclicLRMode.Triangular ? torch.optim.lr_scheduler.impl.CyclicLR.Mode.Triangular : torch.optim.lr_scheduler.impl.CyclicLR.Mode.Triangular2,
            cycle_momentum: false));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OneCycleLR_learning_rates_and_momentum_match(bool threePhase) => Compare(
        o => new OneCycleLR(o, maxLr: 0.5, totalSteps: Steps + 1, threePhase: threePhase),
        t => torch.optim.lr_scheduler.OneCycleLR(t, 0.5, total_steps: Steps + 1, three_phase: threePhase),
        compareMomentum: true);

    [Fact]
    public void ReduceLROnPlateau_matches_on_a_metric_that_improves_then_stalls()
    {
        TorchSharpNative.EnsureLoaded();
        var (ours, _) = OurOptimizer();
        using var scope = torch.NewDisposeScope();
        var (theirs, _) = TorchOptimizer();
        var ourSchedule = new ReduceLROnPlateau(ours, PlateauMode.Min, factor: 0.5, patience: 3, threshold: 0.01,
            thresholdMode: ThresholdMode.Rel, cooldown: 2, minLr: 1e-3);
        var theirSchedule = torch.optim.lr_scheduler.ReduceLROnPlateau(theirs, "min", 0.5, 3, 0.01, "rel", 2, [1e-3]);
        int reductions = 0;
        for (int t = 0; t < Steps; t++)
        {
            // Improves by ~5% a step for 40 steps, then wanders within 1%: reductions, cooldowns, and the floor min_lr.
            double metric = 1.0 / (1 + 0.05 * Math.Min(t, 40)) * (1 + 0.005 * Math.Sin(t));
            double before = ours.GroupOptions[0].Lr;
            ourSchedule.Step(metric);
            theirSchedule.step(metric);
            if (ours.GroupOptions[0].Lr != before) reductions++;
            ours.GroupOptions[0].Lr.Should().Be(theirs.ParamGroups.First().LearningRate, "after the metric of step {0}", t);
        }

        output.WriteLine($"{reductions} reductions, final lr {ours.GroupOptions[0].Lr:R}");
        reductions.Should().BeGreaterThan(3, "the metric must exercise reductions and the min_lr floor");
    }

    private void Compare(Func<IOptimizer, IStepwiseSchedule> createOurs, Func<torch.optim.Optimizer, TorchScheduler> createTheirs,
        bool compareMomentum = false, int distinctRates = 3)
    {
        TorchSharpNative.EnsureLoaded();
        var (ours, _) = OurOptimizer();
        using var scope = torch.NewDisposeScope();
        var (theirs, _) = TorchOptimizer();
        var ourSchedule = createOurs(ours);
        var theirSchedule = createTheirs(theirs);
        var distinct = new HashSet<double>();
        for (int epoch = 0; epoch <= Steps; epoch++)
        {
            if (epoch > 0)
            {
                ourSchedule.Step();
                theirSchedule.step();
            }

            double lr = ours.GroupOptions[0].Lr;
            distinct.Add(lr);
            lr.Should().Be(theirs.ParamGroups.First().LearningRate, "the learning rate of epoch {0}", epoch);
            ourSchedule.LastLr[0].Should().Be(theirSchedule.get_last_lr().First(), "get_last_lr() at epoch {0}", epoch);
            if (compareMomentum)
                ours.GroupOptions[0].CyclicMomentum.Should().Be(((torch.optim.IMomentum)theirs.ParamGroups.First()).Momentum, "the momentum of epoch {0}", epoch);
        }

        output.WriteLine($"{ourSchedule.Name}: {distinct.Count} distinct learning rates over {Steps + 1} epochs, all bit-identical");
        distinct.Count.Should().BeGreaterThanOrEqualTo(distinctRates, "the comparison must cover a changing learning rate");
    }

    private static (Sgd<double> Optimizer, Parameter<double> Parameter) OurOptimizer()
    {
        var parameter = new Parameter<double>(new double[1], "p");
        return (new Sgd<double>([parameter], new SgdOptions { Lr = 0.1, Momentum = 0.9 }), parameter);
    }

    private static (torch.optim.Optimizer Optimizer, TorchParameter Parameter) TorchOptimizer()
    {
        var parameter = new TorchParameter(torch.zeros(1, dtype: torch.float64), requires_grad: true);
        return (torch.optim.SGD([parameter], 0.1, momentum: 0.9), parameter);
    }
}
