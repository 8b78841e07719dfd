using OptimizerLab.Regression.TorchSharpLoading;
using TorchSharp;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// The problem both optimizers train on: a linear model <c>X·w + b</c> fitted to <c>y</c> by the summed squared error,
/// with data and initial parameters drawn by torch from a fixed seed (in float64; each run casts them to its dtype).
/// </summary>
/// <remarks>
/// 16 samples, 37 features: fewer samples than parameters, so the loss can reach zero. With lr = 1e-2 Adam gets there
/// (float64 loss ~1e-29 by step 800), so those cases also run the small-gradient plateau where Adam's denominator
/// matters most; with lr = 1e-3 the fit is still descending at step 1000 (loss ~3 from ~300). 37 is not a multiple of
/// 4 or 8, so our SIMD kernels run their vector loop and their scalar tail; the bias (length 1) runs the tail alone.
/// </remarks>
public sealed class LeastSquaresProblem
{
    /// <summary>Rows of X.</summary>
    public const int Samples = 16;

    /// <summary>Columns of X, the length of w.</summary>
    public const int Features = 37;

    private LeastSquaresProblem(double[] x, double[] y, double[] weight, double[] bias)
    {
        X = x;
        Y = y;
        InitialWeight = weight;
        InitialBias = bias;
    }

    /// <summary>X, row-major, Samples × Features.</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>Targets, one per sample.</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>Initial w.</summary>
    public IReadOnlyList<double> InitialWeight { get; }

    /// <summary>Initial b (one element).</summary>
    public IReadOnlyList<double> InitialBias { get; }

    /// <summary>The problem drawn by <c>torch.manual_seed(seed)</c> then randn for X, y, w and b, in that order.</summary>
    public static LeastSquaresProblem Seeded(long seed)
    {
        TorchSharpNative.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        torch.Tensor x, y, w, b;
        lock (TorchGlobalRandom.Gate)
        {
            torch.manual_seed(seed);
            x = torch.randn(Samples, Features, dtype: torch.float64);
            y = torch.randn(Samples, dtype: torch.float64);
            w = torch.randn(Features, dtype: torch.float64);
            b = torch.randn(1, dtype: torch.float64);
        }

        return new LeastSquaresProblem(x.data<double>().ToArray(), y.data<double>().ToArray(), w.data<double>().ToArray(), b.data<double>().ToArray());
    }
}
