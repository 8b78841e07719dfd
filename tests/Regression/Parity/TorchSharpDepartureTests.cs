using System.Reflection;
using OptimizerLab.Optimizers;
using OptimizerLab.Regression.TorchSharpLoading;
using OptimizerLab.Schedules;
using TorchSharp;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// Where TorchSharp 0.107.0 departs from PyTorch, pinned as facts: the parity table leaves these settings out, and these
/// tests say why. If TorchSharp is fixed, a test here fails and the README's list of departures must shrink with it.
/// </summary>
public class TorchSharpDepartureTests
{
    private static readonly Lazy<LeastSquaresProblem> Problem = new(() => LeastSquaresProblem.Seeded(0));

    [Fact]
    public void RAdam_in_TorchSharp_applies_lr_twice_once_the_update_is_rectified()
    {
        // PyTorch: θ −= m̂·lr·l_t·r_t. TorchSharp multiplies by lr again, so at lr = 1e-3 its rectified steps are 1000× too
        // small; the unrectified steps (ρ_t ≤ 5, the first five for β2 = 0.999) are PyTorch's.
        var options = new RAdamOptions { Lr = 1e-3 };
        var parityCase = ParityCase.Of("radam", "RAdam lr=1e-3", options);
        var result = ParityRun.Compare<double>(parityCase, Problem.Value, steps: 50);
        result.Violation.Should().NotBeNull();
        result.Violation!.Step.Should().Be(FirstRectifiedStep(options.Beta2));
    }

    [Fact]
    public void SGD_in_TorchSharp_adds_weight_decay_before_negating_for_maximize()
    {
        // PyTorch negates the gradient first, then adds wd·θ (the decay still shrinks θ); TorchSharp adds wd·θ to the raw
        // gradient and ascends along the sum, so the decay grows θ instead: the two part at the first step.
        var parityCase = ParityCase.Of("sgd", "SGD maximize weight_decay", new SgdOptions { Lr = 1e-5, WeightDecay = 0.5, Maximize = true });
        var result = ParityRun.Compare<double>(parityCase, Problem.Value, steps: 10);
        result.Violation.Should().NotBeNull();
        result.Violation!.Step.Should().Be(1);
    }

    [Fact]
    public void CyclicLR_in_TorchSharp_raises_the_momentum_where_PyTorch_lowers_it()
    {
        // PyTorch: momentum = max_momentum − (max_momentum − base_momentum)·f; TorchSharp adds instead. At the peak of the
        // cycle (f = 1) PyTorch's momentum is base_momentum = 0.8 and TorchSharp's 2·0.9 − 0.8 = 1.0.
        TorchSharpNative.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var parameter = new TorchParameter(torch.zeros(1, dtype: torch.float64), requires_grad: true);
        var theirs = torch.optim.SGD([parameter], 0.1, momentum: 0.9);
        var theirSchedule = torch.optim.lr_scheduler.CyclicLR(theirs, 1e-3, 0.1, step_size_up: 10, base_momentum: 0.8, max_momentum: 0.9);
        var ours = new Sgd<double>([new Parameter<double>(new double[1], "p")], new SgdOptions { Lr = 0.1, Momentum = 0.9 });
        var ourSchedule = new CyclicLR(ours, baseLr: 1e-3, maxLr: 0.1, stepSizeUp: 10, baseMomentum: 0.8, maxMomentum: 0.9);
        for (int i = 0; i < 10; i++)
        {
            theirSchedule.step();
            ourSchedule.Step();
        }

        ours.GroupOptions[0].CyclicMomentum.Should().BeApproximately(0.8, 1e-12);
        ((torch.optim.IMomentum)theirs.ParamGroups.First()).Momentum.Should().BeApproximately(1.0, 1e-12);
    }

    [Fact]
    public void CyclicLR_exp_range_in_TorchSharp_scales_by_cycle_where_PyTorch_scales_by_iteration()
    {
        // PyTorch's exp_range uses scale_mode "iterations": amplitude × gamma^t. TorchSharp uses gamma^cycle.
        TorchSharpNative.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var parameter = new TorchParameter(torch.zeros(1, dtype: torch.float64), requires_grad: true);
        var theirs = torch.optim.SGD([parameter], 0.1);
        var theirSchedule = torch.optim.lr_scheduler.CyclicLR(theirs, 0.0, 1.0, step_size_up: 10,
            mode: torch.optim.lr_scheduler.impl.CyclicLR.Mode.ExpRange, gamma: 0.9, cycle_momentum: false);
        var ours = new Sgd<double>([new Parameter<double>(new double[1], "p")], new SgdOptions { Lr = 0.1 });
        var ourSchedule = new CyclicLR(ours, baseLr: 0.0, maxLr: 1.0, stepSizeUp: 10, mode: CyclicLRMode.ExpRange, gamma: 0.9, cycleMomentum: false);
        for (int i = 0; i < 10; i++)
        {
            theirSchedule.step();
            ourSchedule.Step();
        }

        // At t = 10, the first peak: PyTorch 0.9^10 ≈ 0.349, TorchSharp 0.9^1 (cycle 1) = 0.9.
        ours.GroupOptions[0].Lr.Should().BeApproximately(Math.Pow(0.9, 10), 1e-12);
        theirs.ParamGroups.First().LearningRate.Should().BeApproximately(0.9, 1e-12);
    }

    [Theory]
    [InlineData("AdamW", "weight_decay", 0.0)] // PyTorch: 0.01
    [InlineData("RAdam", "lr", 0.002)] // PyTorch: 0.001
    public void TorchSharp_defaults(string factory, string parameter, double value)
    {
        var method = typeof(torch.optim).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .First(m => m.Name == factory && m.GetParameters()[0].ParameterType == typeof(IEnumerable<TorchParameter>));
        method.GetParameters().Single(p => p.Name == parameter).DefaultValue.Should().Be(value);
    }

    [Fact]
    public void TorchSharp_RMSProp_constructor_defaults_lr_to_1e_3()
    {
        // The factory torch.optim.RMSProp defaults to PyTorch's 0.01; the class's own constructor to 0.001.
        var constructor = typeof(TorchSharp.Modules.RMSProp).GetConstructors()
            .First(c => c.GetParameters()[0].ParameterType == typeof(IEnumerable<TorchParameter>));
        constructor.GetParameters().Single(p => p.Name == "lr").DefaultValue.Should().Be(0.001);
    }

    [Fact]
    public void TorchSharp_SGD_requires_a_learning_rate()
    {
        var method = typeof(torch.optim).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .First(m => m.Name == "SGD" && m.GetParameters()[0].ParameterType == typeof(IEnumerable<TorchParameter>));
        method.GetParameters()[1].HasDefaultValue.Should().BeFalse("TorchSharp's SGD has no default lr; PyTorch's is 1e-3 since 2.2");
    }

    private static int FirstRectifiedStep(double beta2)
    {
        double rhoInf = 2 / (1 - beta2) - 1;
        for (int t = 1; ; t++)
        {
            double p = Math.Pow(beta2, t);
            if (rhoInf - 2 * t * p / (1 - p) > 5) return t;
        }
    }
}
