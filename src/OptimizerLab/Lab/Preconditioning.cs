using System.Numerics;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Lab;

/// <summary>
/// An optimizer seen as preconditioned gradient descent with momentum: per coordinate, the step size d_i it applies to
/// the (averaged) gradient, and the stability threshold of lr·λ for its momentum form. For Adam, d_i = lr/(bc1·(sqrt(v̂_i)+eps))
/// and the threshold is (2 + 2β1)/(1 − β1) = 38 for β1 = 0.9 (Cohen et al. 2022, "Adaptive gradient methods at the edge of stability").
/// </summary>
public static class Preconditioning
{
    /// <summary>The stability threshold of EMA momentum (Adam's m = β1·m + (1−β1)·g): (2 + 2β)/(1 − β).</summary>
    public static double EmaThreshold(double beta) => (2 + 2 * beta) / (1 - beta);

    /// <summary>
    /// Fills <paramref name="stepSizes"/> (one per parameter value, in order) and, for the Adam family, <paramref name="denominators"/>
    /// with sqrt(v̂)+eps; returns the stability threshold, or null if the optimizer is not one the lab can read this from.
    /// </summary>
    public static double? Read<T>(IOptimizer<T> optimizer, Span<double> stepSizes, Span<double> denominators)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (optimizer)
        {
            case Adam<T> adam:
            {
                var o = adam.Groups[0].Options;
                int offset = 0;
                foreach (var group in adam.Groups)
                foreach (var parameter in group.Parameters)
                {
                    var state = adam.StateOf(parameter);
                    var opt = group.Options;
                    long step = state?.Step ?? 0;
                    double bc1 = step == 0 ? 1 : 1 - DeterministicMath.Pow(opt.Beta1, step);
                    double bc2 = step == 0 ? 1 : 1 - DeterministicMath.Pow(opt.Beta2, step);
                    T[]? v = state is null ? null : opt.Amsgrad ? state.MaxExpAvgSq : state.ExpAvgSq;
                    for (int i = 0; i < parameter.Length; i++)
                    {
                        double vHat = v is null ? 0 : double.CreateTruncating(v[i]) / bc2;
                        double denom = Math.Sqrt(vHat) + opt.Eps;
                        denominators[offset + i] = denom;
                        stepSizes[offset + i] = opt.Lr / (bc1 * denom);
                    }

                    offset += parameter.Length;
                }

                return EmaThreshold(o.Beta1);
            }

            case Sgd<T> sgd when !sgd.Groups[0].Options.Nesterov:
            {
                // Heavy ball in torch's form (buf = μ·buf + (1−τ)·g, θ −= lr·buf) is stable for lr·λ < (2 + 2μ)/(1 − τ).
                var o = sgd.Groups[0].Options;
                int offset = 0;
                foreach (var group in sgd.Groups)
                foreach (var parameter in group.Parameters)
                {
                    stepSizes.Slice(offset, parameter.Length).Fill(group.Options.Lr);
                    denominators.Slice(offset, parameter.Length).Fill(double.NaN);
                    offset += parameter.Length;
                }

                return o.Momentum == 0 ? 2.0 : (2 + 2 * o.Momentum) / (1 - o.Dampening);
            }

            default:
                return null;
        }
    }
}
