using OptimizerLab.Data;
using OptimizerLab.Problems;
using OptimizerLab.Regression.TorchSharpLoading;
using TorchSharp;

namespace OptimizerLab.Regression.SeedExperiment;

/// <summary>
/// The seed question's data drawn by PyTorch itself, as the question draws them: <c>torch.manual_seed(0)</c>, then
/// <c>x = torch.randn(64, 1000)</c>, <c>y = torch.randn(64, 1)</c>, <c>model = torch.nn.Linear(1000, 1)</c> (float32),
/// saved as .npy files in a fresh temporary folder with <see cref="NpyFile.Write{T}(string, ReadOnlySpan{T}, int[])"/>:
/// the files a user hands to OptimizerLab. Deleting the instance deletes the folder.
/// </summary>
public sealed class TorchSeedData : IDisposable
{
    /// <summary>Rows of x (samples).</summary>
    public const int Rows = 64;

    /// <summary>Columns of x (inputs of the linear layer).</summary>
    public const int Inputs = 1000;

    /// <summary>Draws the data with <c>torch.manual_seed(<paramref name="seed"/>)</c> and writes x.npy, y.npy, weight.npy, bias.npy.</summary>
    public TorchSeedData(long seed = 0)
    {
        TorchSharpNative.EnsureLoaded();
        Seed = seed;
        Folder = Directory.CreateTempSubdirectory("optimizerlab-seed-").FullName;
        using var scope = torch.NewDisposeScope();
        var (x, y, model) = Draw(seed);
        using var modelScope = model;
        NpyFile.Write<float>(XPath, x.data<float>().ToArray(), Rows, Inputs);
        NpyFile.Write<float>(YPath, y.data<float>().ToArray(), Rows, 1);
        NpyFile.Write<float>(WeightPath, model.weight!.data<float>().ToArray(), 1, Inputs);
        NpyFile.Write<float>(BiasPath, model.bias!.data<float>().ToArray(), 1);
    }

    /// <summary>
    /// <c>torch.manual_seed(seed)</c>, then x, y and the Linear layer in the question's order, under
    /// <see cref="TorchGlobalRandom.Gate"/> so that no other test draws in between.
    /// </summary>
    public static (torch.Tensor X, torch.Tensor Y, TorchSharp.Modules.Linear Model) Draw(long seed)
    {
        lock (TorchGlobalRandom.Gate)
        {
            torch.manual_seed(seed);
            var x = torch.randn(Rows, Inputs);
            var y = torch.randn(Rows, 1);
            var model = torch.nn.Linear(Inputs, 1);
            return (x, y, model);
        }
    }

    /// <summary>The seed given to <c>torch.manual_seed</c>.</summary>
    public long Seed { get; }

    /// <summary>The temporary folder holding the four files.</summary>
    public string Folder { get; }

    /// <summary>x, shape (64, 1000), float32.</summary>
    public string XPath => Path.Combine(Folder, "x.npy");

    /// <summary>y, shape (64, 1).</summary>
    public string YPath => Path.Combine(Folder, "y.npy");

    /// <summary>The Linear layer's initial weight, shape (1, 1000).</summary>
    public string WeightPath => Path.Combine(Folder, "weight.npy");

    /// <summary>The Linear layer's initial bias, shape (1,).</summary>
    public string BiasPath => Path.Combine(Folder, "bias.npy");

    /// <summary>
    /// The problem a user builds from the files: read back with <see cref="DataFile"/>, summed squared error
    /// (torch's <c>MSELoss(reduction='sum')</c>, the question's <c>size_average=False</c>).
    /// </summary>
    public LeastSquaresProblem<float> ReadProblem()
    {
        var x = DataFile.ReadMatrix<float>(XPath, Rows, Inputs);
        float[] y = DataFile.ReadVector<float>(YPath, Rows);
        float[] weight = DataFile.ReadVector<float>(WeightPath, Inputs);
        float[] bias = DataFile.ReadVector<float>(BiasPath, 1);
        return new LeastSquaresProblem<float>(x.Data, y, Rows, Inputs, 1, weight, bias, Reduction.Sum);
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
