using System.Numerics;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// How far our parameters may be from TorchSharp's after step t on the same gradients:
/// <c>|ours − torch| ≤ Σ_{s ≤ t} ε_T · (U · max(1, max|θ_s|) + R_s · max|Δθ_s|)</c>, where ε_T is the machine epsilon of
/// the dtype (2⁻²³ for float, 2⁻⁵² for double), θ_s the parameters and Δθ_s our update after step s. U, in ulps of θ per
/// step, and R_s, in ulps of the update, come from each optimizer's own error analysis (<c>UlpsPerStep</c> and
/// <c>UpdateUlps</c> in its test-table entry, tests/Table/Entries); both are
/// doubled as margin for the first-order approximations (ulp(x) ≤ ε·|x|, gradient magnitudes that vary).
/// </summary>
/// <remarks>
/// The bound accumulates step by step because both sides receive the same gradient every step (TorchSharp's autograd
/// computes it once), so a difference in θ is not fed back through the loss; each step can only add the difference of
/// the two updates plus one rounding of θ. It is a worst case: differences actually appear only when the two updates
/// round θ differently, which is rare, so the measured differences stay far inside it. In float64 it is tight (after 50
/// steps of default Adam ≈ 50 · 3.9 · 2.2e-16 ≈ 4e-14 for |θ| ≤ 1, while one step moves θ by ~1e-3); in float32 it is
/// wider by the ratio of the epsilons, 2²⁹.
/// <para>
/// Where the arithmetic can differ at all: (1) where TorchSharp writes an operation differently from PyTorch
/// (<c>mul_</c>+<c>add_</c> where PyTorch uses <c>lerp_</c>; <c>Math.Pow</c> for β^t where we square repeatedly; NAdam's μ
/// product kept in double); (2) in libtorch's compiled vector kernels, which may contract a multiply-add such as
/// <c>add_(x, alpha)</c> or <c>addcdiv_</c> into one fused operation (GCC contracts vector <c>a*b + c</c> by default) where
/// our C# rounds twice: each such operation can differ by about one ulp of its result, and a difference in a state
/// buffer lingers as long as the buffer remembers it (1/(1 − decay) steps).
/// </para>
/// </remarks>
public static class ParityTolerance
{
    /// <summary>The machine epsilon of <typeparamref name="T"/>: the gap between 1 and the next larger value.</summary>
    public static double Epsilon<T>() where T : IFloatingPointIeee754<T> =>
        double.CreateTruncating(T.BitIncrement(T.One) - T.One);

    /// <summary>
    /// What step <paramref name="step"/> adds to the tolerance: <c>ε_T · (U · max(1, scale) + R_s · maxUpdate)</c>.
    /// </summary>
    /// <param name="step">The step just taken (1-based).</param>
    /// <param name="parityCase">Supplies U and R_s.</param>
    /// <param name="scale">max|θ| after the step.</param>
    /// <param name="maxUpdate">max|Δθ| of our update in this step.</param>
    public static double Increment<T>(long step, ParityCase parityCase, double scale, double maxUpdate) where T : IFloatingPointIeee754<T> =>
        Epsilon<T>() * ((parityCase.UlpsPerStep + parityCase.UlpsPerStepAt(Epsilon<T>())) * Math.Max(1, scale)
                        + parityCase.UpdateUlps(step, Epsilon<T>()) * maxUpdate);
}
