using System.Numerics;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// How far our parameters may be from TorchSharp's after <c>t</c> steps on the same gradients:
/// <c>|ours − torch| ≤ PerStepUlps · t · ε_T · max(1, max|θ|)</c>, with ε_T the machine epsilon of the dtype
/// (2⁻²³ for float, 2⁻⁵² for double).
/// </summary>
/// <remarks>
/// Why it holds. Both sides receive the same gradient each step (TorchSharp's autograd computes it once), so the
/// difference can only come from the update's own rounding. TorchSharp and OptimizerLab do the same operations
/// except two: TorchSharp updates m as <c>m·β1 + (1−β1)·g</c> where PyTorch (and we) use <c>lerp</c>, and it computes
/// <c>β^t</c> with <c>Math.Pow</c> where we square repeatedly; each differs by about one rounding. m is an average with
/// weight 1−β1, so its rounding differences stay within ~10 ε of the recent gradient scale, and the update u = lr·m̂/(√v̂+eps)
/// then differs by at most ~lr·10²·ε — far below ulp(1) = ε for lr ≤ 1e-2. So each step the two parameters can
/// round apart by at most about one ulp of max(1, |θ|), and after t steps by t of them; PerStepUlps = 2 leaves room
/// for the update difference. The bound is linear in t because nothing feeds a parameter difference back
/// (gradients are shared); in float64 it is tight (2·50·2.2e-16 ≈ 2e-14 after 50 steps for |θ| ≤ 1), in float32
/// it is 2e-7 per step, i.e. looser by the ratio of the two epsilons.
/// </remarks>
public static class ParityTolerance
{
    /// <summary>Roundings apart per step; see the remarks for why 2 is enough.</summary>
    public const double PerStepUlps = 2;

    /// <summary>The machine epsilon of <typeparamref name="T"/>: the gap between 1 and the next larger value.</summary>
    public static double Epsilon<T>() where T : IFloatingPointIeee754<T> =>
        double.CreateTruncating(T.BitIncrement(T.One) - T.One);

    /// <summary>The largest allowed |ours − torch| after <paramref name="step"/> steps with parameters of magnitude up to <paramref name="scale"/>.</summary>
    public static double After<T>(int step, double scale) where T : IFloatingPointIeee754<T> =>
        PerStepUlps * step * Epsilon<T>() * Math.Max(1, scale);
}
