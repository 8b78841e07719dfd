using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// How far our parameters may be from TorchSharp's after step t on the same gradients:
/// <c>|ours − torch| ≤ t · U · ε_T · max(1, max|θ|)</c>, where ε_T is the machine epsilon of the dtype (2⁻²³ for float,
/// 2⁻⁵² for double) and U, the allowance in ulps per step, comes from the optimizer's own error analysis
/// (<see cref="AdamUlpsPerStep"/>).
/// </summary>
/// <remarks>
/// The bound is linear in t because both sides receive the same gradient every step (TorchSharp's autograd computes it
/// once), so a difference in θ is not fed back through the loss; each step can only add the difference of the two
/// updates plus one rounding of θ. It is a worst case: differences actually appear only when the two updates round
/// θ differently, which is rare, so the measured differences stay far inside it. In float64 the bound is tight
/// (after 50 steps of default Adam ≈ 50 · 3.9 · 2.2e-16 ≈ 4e-14 for |θ| ≤ 1, while one step moves θ by ~1e-3);
/// in float32 it is wider by the ratio of the epsilons, 2²⁹.
/// </remarks>
public static class ParityTolerance
{
    /// <summary>The machine epsilon of <typeparamref name="T"/>: the gap between 1 and the next larger value.</summary>
    public static double Epsilon<T>() where T : IFloatingPointIeee754<T> =>
        double.CreateTruncating(T.BitIncrement(T.One) - T.One);

    /// <summary>The largest allowed |ours − torch| after <paramref name="step"/> steps, with parameters up to <paramref name="scale"/> in magnitude.</summary>
    public static double After<T>(int step, double ulpsPerStep, double scale) where T : IFloatingPointIeee754<T> =>
        step * ulpsPerStep * Epsilon<T>() * Math.Max(1, scale);

    /// <summary>
    /// Adam and AdamW: <c>U = 2 · (1 + 3·lr / ((1 − β1)·√(1 − β2)))</c>, which is 3.9 for the defaults and 21 for lr = 1e-2.
    /// </summary>
    /// <remarks>
    /// TorchSharp computes Adam with PyTorch's operations except two: it updates m as <c>m·β1 + (1−β1)·g</c> where
    /// PyTorch (and OptimizerLab) use <c>lerp</c>, and it takes β^t from <c>Math.Pow</c> where we square repeatedly.
    /// Each form of the m update rounds at most 3 times, so the two m differ by at most 3·ε·G per step (G: the recent
    /// gradient magnitude), and since m keeps only β1 of its past, by at most 3·ε·G/(1 − β1) in total. v keeps at least
    /// (1 − β2)·g² of every recent gradient, so √v̂ ≥ √(1 − β2)·G, and the updates lr·m̂/(√v̂ + eps) differ by at most
    /// lr·3ε/((1 − β1)·√(1 − β2)); the β^t difference (one rounding in double) is far smaller. Add one ulp for the two
    /// sides rounding θ apart, and double the sum as margin for the approximations (ulp(x) ≤ ε·|x|; G varies).
    /// Coupled (L2) weight decay adds wd·θ from each side's own θ, which feeds a difference back by at most a factor
    /// (1 + lr·wd/√v̂) per step; on <see cref="LeastSquaresProblem"/> √v̂ stays above 0.06 through step 1000, so
    /// that factor stays within the margin's reach for wd = 0.1, lr = 1e-3.
    /// </remarks>
    public static double AdamUlpsPerStep(AdamOptions o) =>
        2 * (1 + 3 * o.Lr / ((1 - o.Beta1) * Math.Sqrt(1 - o.Beta2)));
}
