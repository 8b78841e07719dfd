using OptimizerLab.Regression.TorchSharpLoading;
using TorchSharp;

namespace OptimizerLab.Regression.SeedExperiment;

/// <summary>The question's own training loop, run by PyTorch through TorchSharp.</summary>
public static class TorchTraining
{
    /// <summary>
    /// <c>torch.manual_seed(seed)</c>, x, y and <c>nn.Linear(1000, 1)</c> drawn by <see cref="TorchSeedData.Draw"/>, then
    /// <paramref name="steps"/> steps of <c>loss = MSELoss(sum)(model(x), y); zero_grad(); backward(); Adam.step()</c>
    /// with PyTorch's Adam defaults except <paramref name="lr"/>. Returns loss[t] before step t, as the question printed it.
    /// </summary>
    public static double[] AdamLosses(long seed, int steps, double lr)
    {
        TorchSharpNative.EnsureLoaded();
        return NoCollectionDuringTorchCalls.Run(() => AdamLossesWithoutCollections(seed, steps, lr));
    }

    private static double[] AdamLossesWithoutCollections(long seed, int steps, double lr)
    {
        var losses = new double[steps];
        using var scope = torch.NewDisposeScope();
        var (x, y, model) = TorchSeedData.Draw(seed);
        using var modelScope = model;
        using var mse = torch.nn.MSELoss(torch.nn.Reduction.Sum);
        // Every argument explicit: betas (0.9, 0.999), eps 1e-8, no weight decay, no AMSGrad, minimise (PyTorch's defaults).
        using var adam = torch.optim.Adam(model.parameters(), lr, 0.9, 0.999, 1e-8, 0, false, false);
        for (int t = 0; t < steps; t++)
        {
            using var step = torch.NewDisposeScope();
            var loss = mse.forward(model.forward(x), y);
            adam.zero_grad();
            loss.backward();
            adam.step();
            losses[t] = loss.item<float>();
        }

        return losses;
    }
}
