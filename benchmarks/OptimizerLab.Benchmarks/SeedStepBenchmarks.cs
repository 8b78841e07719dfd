using BenchmarkDotNet.Attributes;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// Item 1: one training step of the seed question (forward + backward + Adam, float32, 64 × 1000, one thread):
/// OptimizerLab, TorchSharp, and the arithmetic limit (128k multiply-adds at the measured peak FMA rate).
/// </summary>
[Config(typeof(QuickConfig))]
public class SeedStepBenchmarks
{
    private LeastSquaresProblem<float> _problem = null!;
    private IOptimizer<float> _adam = null!;
    private TorchSeedStep _torch = null!;

    /// <summary>The seed problem (seed 0) and Adam with torch's defaults, on both sides.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _problem = LeastSquaresProblem<float>.Seeded(0);
        _adam = new Adam<float>(_problem.Parameters);
        _torch = new TorchSeedStep(LeastSquaresProblem<float>.Seeded(0));
    }

    /// <summary>Frees TorchSharp's tensors.</summary>
    [GlobalCleanup]
    public void Cleanup() => _torch.Dispose();

    /// <summary>OptimizerLab: loss and gradient, then Adam's step.</summary>
    [Benchmark]
    public double OptimizerLab()
    {
        double loss = _problem.LossAndGradient();
        _adam.Step();
        return loss;
    }

    /// <summary>TorchSharp: zero_grad, forward, MSE (sum), backward, Adam step, loss.item().</summary>
    [Benchmark]
    public float TorchSharp() => _torch.Step();

    /// <summary>128 000 multiply-adds in registers at the peak FMA rate.</summary>
    [Benchmark]
    public float ArithmeticLimit() => Benchmarks.ArithmeticLimit.Run(0.999f, 1e-3f);
}
