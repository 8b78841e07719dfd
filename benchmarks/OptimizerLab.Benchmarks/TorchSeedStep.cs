using OptimizerLab.Problems;
using OptimizerLab.Regression.TorchSharpLoading;
using TorchSharp;
using static TorchSharp.torch;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// The seed question's training step in TorchSharp, as the question wrote it in PyTorch: nn.Linear(1000, 1), MSELoss
/// with reduction sum, Adam with defaults, float32, one thread. Same data and initial weights as ours.
/// </summary>
internal sealed class TorchSeedStep : IDisposable
{
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly TorchSharp.Modules.Linear _model;
    private readonly optim.Optimizer _optimizer;

    public TorchSeedStep(LeastSquaresProblem<float> problem)
    {
        TorchSharpNative.EnsureLoaded(); // also one torch thread for this thread: the setting is per thread
        _x = tensor(problem.X.ToArray(), [problem.Rows, problem.Inputs]);
        _y = tensor(problem.Y.ToArray(), [problem.Rows, problem.Outputs]);
        _model = nn.Linear(problem.Inputs, problem.Outputs);
        using (no_grad())
        {
            _model.weight!.copy_(tensor(problem.Weight.Value, [problem.Outputs, problem.Inputs]));
            _model.bias!.copy_(tensor(problem.Bias!.Value, [problem.Outputs]));
        }

        _optimizer = optim.Adam(_model.parameters(), 1e-3);
    }

    /// <summary>zero_grad, forward, loss, backward, step; returns the loss as the question printed it.</summary>
    public float Step()
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        var loss = nn.functional.mse_loss(_model.forward(_x), _y, nn.Reduction.Sum);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _x.Dispose();
        _y.Dispose();
    }
}
