using System.Numerics;
using OptimizerLab.Optimizers;
using OptimizerLab.Regression.TorchSharpLoading;
using TorchSharp;
using TorchParameter = TorchSharp.Modules.Parameter;

namespace OptimizerLab.Regression.Parity;

/// <summary>The first parameter value that left the tolerance, or turned NaN or infinite on either side.</summary>
public sealed record ParityViolation(int Step, string Parameter, int Index, double Ours, double Torch, double Tolerance)
{
    /// <summary>A NaN or infinity on either side: a broken update, which no tolerance describes.</summary>
    public bool NonFinite => !double.IsFinite(Ours) || !double.IsFinite(Torch);

    /// <inheritdoc />
    public override string ToString() => NonFinite
        ? $"{(double.IsFinite(Ours) ? "torch" : "ours")} turned {(double.IsFinite(Ours) ? Torch : Ours)} at step {Step}, parameter {Parameter}[{Index}] (ours {Ours:R}, torch {Torch:R})"
        : $"step {Step}: {Parameter}[{Index}] ours {Ours:R}, torch {Torch:R}, |difference| {Math.Abs(Ours - Torch):E3} > tolerance {Tolerance:E3}";
}

/// <summary>What a side-by-side run found.</summary>
/// <param name="Steps">Steps run (fewer if a violation stopped the run).</param>
/// <param name="WorstRatioFirst50">The largest |ours − torch| / tolerance over steps 1–50.</param>
/// <param name="WorstRatio">The largest |ours − torch| / tolerance over all steps.</param>
/// <param name="FinalDifference">max |ours − torch| after the last step.</param>
/// <param name="Violation">The first value outside the tolerance, or null.</param>
public sealed record ParityResult(int Steps, double WorstRatioFirst50, double WorstRatio, double FinalDifference, ParityViolation? Violation);

/// <summary>
/// Runs one <see cref="ParityCase"/> in OptimizerLab and in TorchSharp side by side on <see cref="LeastSquaresProblem"/>
/// and compares every parameter after every step against <see cref="ParityTolerance"/>.
/// </summary>
/// <remarks>
/// Each step TorchSharp's autograd computes the gradient at TorchSharp's parameters, and that same gradient is copied
/// into ours: the comparison isolates the optimizers' arithmetic from the model's. (Computing each side's gradient at
/// its own parameters would feed every rounding difference back through the loss and, near Adam's edge of stability,
/// amplify it; that belongs to the lab's experiments, not to a parity check.)
/// </remarks>
public static class ParityRun
{
    /// <summary>Runs <paramref name="steps"/> steps in dtype <typeparamref name="T"/>; stops at the first violation.</summary>
    public static ParityResult Compare<T>(ParityCase parityCase, LeastSquaresProblem problem, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        TorchSharpNative.EnsureLoaded();
        return NoCollectionDuringTorchCalls.Run(() => CompareWithoutCollections<T>(parityCase, problem, steps));
    }

    private static ParityResult CompareWithoutCollections<T>(ParityCase parityCase, LeastSquaresProblem problem, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dtype = typeof(T) == typeof(float) ? torch.float32 : typeof(T) == typeof(double) ? torch.float64
            : throw new NotSupportedException($"No torch dtype for {typeof(T).Name}.");

        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(problem.X.ToArray(), [LeastSquaresProblem.Samples, LeastSquaresProblem.Features]).to(dtype);
        var y = torch.tensor(problem.Y.ToArray()).to(dtype);
        var weight = new TorchParameter(torch.tensor(problem.InitialWeight.ToArray()).to(dtype), requires_grad: true);
        var bias = new TorchParameter(torch.tensor(problem.InitialBias.ToArray()).to(dtype), requires_grad: true);
        TorchParameter[] torchParameters = [weight, bias];
        using var torchOptimizer = parityCase.CreateTorchOptimizer(torchParameters);

        // Our parameters start from torch's values after its cast to T, bit for bit.
        Parameter<T>[] ours = [new(Values<T>(weight), "weight"), new(Values<T>(bias), "bias")];
        var optimizer = parityCase.CreateOurs(ours);

        double worstFirst50 = 0, worst = 0, finalDifference = 0, tolerance = 0;
        for (int step = 1; step <= steps; step++)
        {
            using (torch.NewDisposeScope())
            {
                torchOptimizer.zero_grad();
                ((x.matmul(weight) + bias - y).square().sum() * parityCase.LossScale).backward();
                for (int p = 0; p < ours.Length; p++)
                    Values<T>(torchParameters[p].grad ?? throw new InvalidOperationException("torch produced no gradient")).CopyTo(ours[p].Grad, 0);
                torchOptimizer.step();
            }

            T[][] before = ours.Select(p => p.Value.ToArray()).ToArray();
            optimizer.Step();

            T[][] theirs = torchParameters.Select(Values<T>).ToArray();
            // A NaN or infinity makes the tolerance below NaN too; report where it appeared instead.
            if (FirstNonFinite(step, ours, theirs) is { } broken)
                return new ParityResult(step, worstFirst50, worst, double.NaN, broken);
            double scale = theirs.SelectMany(v => v).Max(v => Math.Abs(double.CreateTruncating(v)));
            double maxUpdate = 0;
            for (int p = 0; p < ours.Length; p++)
                for (int i = 0; i < ours[p].Length; i++)
                    maxUpdate = Math.Max(maxUpdate, Math.Abs(double.CreateTruncating(ours[p].Value[i]) - double.CreateTruncating(before[p][i])));
            tolerance += ParityTolerance.Increment<T>(step, parityCase, scale, maxUpdate);
            finalDifference = 0;
            for (int p = 0; p < ours.Length; p++)
            {
                for (int i = 0; i < ours[p].Length; i++)
                {
                    double mine = double.CreateTruncating(ours[p].Value[i]), torchValue = double.CreateTruncating(theirs[p][i]);
                    double difference = Math.Abs(mine - torchValue);
                    if (!(difference <= tolerance))
                        return new ParityResult(step, worstFirst50, Math.Max(worst, difference / tolerance), difference,
                            new ParityViolation(step, ours[p].Name, i, mine, torchValue, tolerance));
                    finalDifference = Math.Max(finalDifference, difference);
                    // A bit-for-bit case (Rprop) has tolerance 0: no difference is a ratio of 0, not 0/0.
                    double ratio = difference == 0 ? 0 : difference / tolerance;
                    worst = Math.Max(worst, ratio);
                    if (step <= 50) worstFirst50 = Math.Max(worstFirst50, ratio);
                }
            }
        }

        return new ParityResult(steps, worstFirst50, worst, finalDifference, null);
    }

    private static ParityViolation? FirstNonFinite<T>(int step, Parameter<T>[] ours, T[][] theirs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = 0; p < ours.Length; p++)
        {
            for (int i = 0; i < ours[p].Length; i++)
            {
                double mine = double.CreateTruncating(ours[p].Value[i]), torchValue = double.CreateTruncating(theirs[p][i]);
                if (!double.IsFinite(mine) || !double.IsFinite(torchValue))
                    return new ParityViolation(step, ours[p].Name, i, mine, torchValue, double.NaN);
            }
        }

        return null;
    }

    private static T[] Values<T>(torch.Tensor tensor) where T : unmanaged => tensor.data<T>().ToArray();
}
