using BenchmarkDotNet.Attributes;
using OptimizerLab.Data;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;
using OptimizerLab.Regression.TorchSharpLoading;
using TorchSharp;
using static TorchSharp.torch;

namespace OptimizerLab.Benchmarks;

/// <summary>Item 3a: Adam's step time against the parameter count, OptimizerLab and TorchSharp (one thread each).</summary>
[Config(typeof(QuickConfig))]
public class ParameterScalingBenchmarks
{
    private IOptimizer<float> _ours = null!;
    private optim.Optimizer _torch = null!;
    private TorchSharp.Modules.Parameter _torchParameter = null!;

    /// <summary>Parameter count.</summary>
    [Params(1_000, 10_000, 100_000, 1_000_000, 10_000_000)]
    public int N { get; set; }

    /// <summary>Random parameters and gradient, one warm step on each side.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(2);
        var values = new float[N];
        var gradient = new float[N];
        random.FillGaussian<float>(values);
        random.FillGaussian<float>(gradient);
        var parameter = new Parameter<float>(values, "p");
        gradient.CopyTo(parameter.Grad, 0);
        _ours = new Adam<float>([parameter]);
        _ours.Step();

        TorchSharpNative.EnsureLoaded(); // also one torch thread for this thread: the setting is per thread
        _torchParameter = new TorchSharp.Modules.Parameter(tensor(values), requires_grad: true);
        using (var g = tensor(gradient)) (_torchParameter * g).sum().backward();
        _torch = OptimizerStepBenchmarks.CreateTorch("adam", _torchParameter, new AdamOptions());
        _torch.step();
    }

    /// <summary>Frees the native tensors.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _torch.Dispose();
        _torchParameter.Dispose();
    }

    /// <summary>OptimizerLab Adam, one thread.</summary>
    [Benchmark]
    public void OptimizerLab() => _ours.Step();

    /// <summary>TorchSharp Adam, one thread.</summary>
    [Benchmark]
    public void TorchSharp() => _torch.step();
}

/// <summary>Item 3b: one training step (loss, gradient, Adam) of least squares against N × D, float32, one thread.</summary>
[Config(typeof(QuickConfig))]
public class ProblemScalingBenchmarks
{
    private LeastSquaresProblem<float> _problem = null!;
    private IOptimizer<float> _adam = null!;

    /// <summary>Rows N.</summary>
    [Params(16, 64, 256, 1024)]
    public int Rows { get; set; }

    /// <summary>Inputs D.</summary>
    [Params(100, 1000, 10000)]
    public int Inputs { get; set; }

    /// <summary>The seeded problem of that size with Adam.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _problem = LeastSquaresProblem<float>.Seeded(0, rows: Rows, inputs: Inputs);
        _adam = new Adam<float>(_problem.Parameters);
    }

    /// <summary>Loss and gradient, then Adam's step.</summary>
    [Benchmark]
    public double OptimizerLab()
    {
        double loss = _problem.LossAndGradient();
        _adam.Step();
        return loss;
    }
}
