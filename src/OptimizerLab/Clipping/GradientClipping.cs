using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Clipping;

/// <summary>
/// Gradient clipping as <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c> do it, in place on
/// <see cref="Parameter{T}.Grad"/>. Parameters without a gradient (<see cref="Parameter{T}.HasGrad"/> false) are skipped,
/// as torch skips <c>grad is None</c>.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their global norm is at most <paramref name="maxNorm"/>; returns the global
    /// norm before clipping (torch's <c>clip_grad_norm_</c>).
    /// </summary>
    /// <remarks>
    /// <code>
    /// n_i   = ‖grad_i‖_p for each parameter i                 (rounded to T, as torch's per-tensor norms)
    /// total = ‖(n_1, n_2, ...)‖_p                              (rounded to T)
    /// if error_if_nonfinite and total is NaN or ±∞: throw, nothing changed
    /// coef  = (1 / (total + 1e-6)) · max_norm                  (in T: torch evaluates max_norm / tensor as reciprocal · max_norm)
    /// coef  = min(coef, 1)                                     (NaN stays NaN, as torch.clamp)
    /// grad_i = grad_i · coef
    /// </code>
    /// Differences from torch: the sums behind a norm accumulate in double, one partial sum per Vector256 lane combined in a
    /// fixed order (see the kernel), so the norm is deterministic on every CPU but may differ from torch's in the last bits
    /// of T; when coef is exactly 1 the multiplication is skipped, which leaves the same values. Norm types 1, 2 and ∞ are
    /// exact reductions; any other positive p uses the platform's pow. Since the result is scaled by coef &lt; max_norm/total,
    /// the global norm after clipping exceeds <paramref name="maxNorm"/> by at most a few roundings of T.
    /// A non-finite norm without <paramref name="errorIfNonfinite"/> scales by coef 0 or NaN, as torch does.
    /// </remarks>
    /// <param name="parameters">The parameters whose gradients are clipped together.</param>
    /// <param name="maxNorm">The largest global norm allowed; non-negative (+∞ only measures).</param>
    /// <param name="normType">p of the p-norm: 2 (default), 1, <see cref="double.PositiveInfinity"/>, or any other positive p.</param>
    /// <param name="errorIfNonfinite">Throw <see cref="InvalidOperationException"/> (torch's message) if the norm is NaN or infinite.</param>
    public static double ClipByGlobalNorm<T>(IEnumerable<Parameter<T>> parameters, double maxNorm, double normType = 2.0, bool errorIfNonfinite = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0))
            throw new ArgumentOutOfRangeException("max_norm", maxNorm, $"Expected non-negative max_norm, but got {PythonFloat.Repr(maxNorm)}");
        CheckNormType(normType);

        var list = parameters as IReadOnlyList<Parameter<T>> ?? parameters.ToArray();
        T total = TotalNorm(list, normType);
        if (errorIfNonfinite && !T.IsFinite(total))
        {
            throw new InvalidOperationException(
                $"The total norm of order {PythonFloat.Repr(normType)} for gradients from `parameters` is non-finite, so it cannot be clipped. " +
                "To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
        }

        T coef = T.One / (total + T.CreateTruncating(1e-6)) * T.CreateTruncating(maxNorm);
        coef = coef > T.One ? T.One : coef;
        if (coef != T.One)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i].HasGrad) ScaleKernel.Multiply<T>(list[i].Grad, coef);
            }
        }

        return double.CreateTruncating(total);
    }

    /// <summary>
    /// The global p-norm of the gradients, as if they were one vector, without changing them (torch's <c>get_total_norm</c>):
    /// the norm of the per-parameter norms. 0 when no parameter has a gradient.
    /// </summary>
    public static double GlobalNorm<T>(IEnumerable<Parameter<T>> parameters, double normType = 2.0) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckNormType(normType);
        return double.CreateTruncating(TotalNorm(parameters as IReadOnlyList<Parameter<T>> ?? parameters.ToArray(), normType));
    }

    /// <summary>
    /// Clamps every gradient element into [-<paramref name="clipValue"/>, <paramref name="clipValue"/>] (torch's
    /// <c>clip_grad_value_</c>: <c>clamp_min_(-c)</c> then <c>clamp_max_(c)</c>; NaN stays NaN).
    /// </summary>
    /// <remarks>Unlike torch, a negative or NaN <paramref name="clipValue"/> is refused (torch would set every gradient to it).</remarks>
    public static void ClipByValue<T>(IEnumerable<Parameter<T>> parameters, double clipValue) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(clipValue >= 0))
            throw new ArgumentOutOfRangeException("clip_value", clipValue, $"Expected non-negative clip_value, but got {PythonFloat.Repr(clipValue)}");

        T high = T.CreateTruncating(clipValue);
        foreach (var parameter in parameters)
        {
            if (parameter.HasGrad) ClampKernel.Clamp<T>(parameter.Grad, -high, high);
        }
    }

    private static void CheckNormType(double normType)
    {
        if (!(normType > 0))
        {
            throw new ArgumentOutOfRangeException("norm_type", normType,
                $"Expected a positive norm_type (1.0, 2.0, inf or another p > 0), but got {PythonFloat.Repr(normType)}");
        }
    }

    private static T TotalNorm<T>(IReadOnlyList<Parameter<T>> parameters, double p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0.0;
        T max = T.Zero;
        bool nan = false;
        for (int i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (!parameter.HasGrad) continue;
            if (parameter.Grad.Length != parameter.Value.Length)
                throw new InvalidOperationException($"Parameter '{parameter.Name}' has {parameter.Value.Length} values but its gradient has {parameter.Grad.Length}.");

            T norm = ParameterNorm<T>(parameter.Grad, p);
            double n = double.CreateTruncating(norm);
            if (p == 2.0) sum += n * n;
            else if (p == 1.0) sum += n;
            else if (double.IsPositiveInfinity(p))
            {
                nan |= T.IsNaN(norm);
                if (norm > max) max = norm;
            }
            else sum += Math.Pow(n, p);
        }

        if (double.IsPositiveInfinity(p)) return nan ? T.NaN : max;
        return T.CreateTruncating(p == 2.0 ? Math.Sqrt(sum) : p == 1.0 ? sum : Math.Pow(sum, 1.0 / p));
    }

    private static T ParameterNorm<T>(ReadOnlySpan<T> grad, double p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p == 2.0) return T.CreateTruncating(Math.Sqrt(NormKernel.SumOfSquares(grad)));
        if (p == 1.0) return T.CreateTruncating(NormKernel.SumOfMagnitudes(grad));
        if (double.IsPositiveInfinity(p)) return NormKernel.MaxMagnitude(grad);
        return T.CreateTruncating(Math.Pow(NormKernel.SumOfPowers(grad, p), 1.0 / p));
    }
}
