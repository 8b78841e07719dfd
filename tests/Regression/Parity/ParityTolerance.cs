using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Regression.Parity;

/// <summary>
/// How far our parameters may be from TorchSharp's after step t on the same gradients:
/// <c>|ours − torch| ≤ Σ_{s ≤ t} ε_T · (U · max(1, max|θ_s|) + R_s · max|Δθ_s|)</c>, where ε_T is the machine epsilon of
/// the dtype (2⁻²³ for float, 2⁻⁵² for double), θ_s the parameters and Δθ_s our update after step s. U, in ulps of θ per
/// step, and R_s, in ulps of the update, come from each optimizer's own error analysis (the methods below); both are
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

    /// <summary>
    /// Adam and AdamW: <c>U = 2 · (1 + 3·lr / ((1 − β1)·√(1 − β2)))</c>, which is 3.9 for the defaults and 21 for lr = 1e-2; R = 0.
    /// </summary>
    /// <remarks>
    /// TorchSharp computes Adam with PyTorch's operations except two: it updates m as <c>m·β1 + (1−β1)·g</c> where
    /// PyTorch (and OptimizerLab) use <c>lerp</c>, and it takes β^t from <c>Math.Pow</c> where we square repeatedly.
    /// Each form of the m update rounds at most 3 times, so the two m differ by at most 3·ε·G per step (G: the recent
    /// gradient magnitude), and since m keeps only β1 of its past, by at most 3·ε·G/(1 − β1) in total. v keeps at least
    /// (1 − β2)·g² of every recent gradient, so √v̂ ≥ √(1 − β2)·G, and the updates lr·m̂/(√v̂ + eps) differ by at most
    /// lr·3ε/((1 − β1)·√(1 − β2)); the β^t difference (one rounding in double) is far smaller. Add one ulp for the two
    /// sides rounding θ apart, and double the sum as margin (ulp(x) ≤ ε·|x|; G varies).
    /// Coupled (L2) weight decay adds wd·θ from each side's own θ, which feeds a difference back by at most a factor
    /// (1 + lr·wd/√v̂) per step; on <see cref="LeastSquaresProblem"/> √v̂ stays above 0.06 through step 1000, so
    /// that factor stays within the margin's reach for wd = 0.1, lr = 1e-3.
    /// </remarks>
    public static double AdamUlpsPerStep(AdamOptions o) =>
        2 * (1 + 3 * o.Lr / ((1 - o.Beta1) * Math.Sqrt(1 - o.Beta2)));

    /// <summary>One ulp of θ per step for the two sides rounding θ apart, doubled: the U of every optimizer whose differences are all relative to its update.</summary>
    public const double RoundingUlpsPerStep = 2;

    /// <summary>SGD: <c>R = 2 · (1 + 1/(1 − μ) + [nesterov])</c> (with momentum μ > 0; R = 2 without).</summary>
    /// <remarks>
    /// TorchSharp runs PyTorch's operations one for one. Differences come only from fused multiply-adds in libtorch:
    /// θ + (−lr)·d (one ulp of the update), the buffer μ·b + (1 − τ)·g (one ulp of b per step, remembered for 1/(1 − μ)
    /// steps, and the update is lr·b), Nesterov's g + μ·b (one more).
    /// </remarks>
    public static double SgdUpdateUlps(SgdOptions o, long step) =>
        2 * (1 + (o.Momentum > 0 ? 1 / (1 - o.Momentum) : 0) + (o.Nesterov ? 1 : 0));

    /// <summary>RMSprop: <c>R = 2 · (1 + 1/(2(1 − α)) + 1/(1 − μ) + [centered] 3/(1 − α)^2.5)</c>.</summary>
    /// <remarks>
    /// v = α·v + (1 − α)·g² may differ by one ulp per step (fused), remembered for 1/(1 − α) steps; the update divides by
    /// √v, which halves the relative difference. The fused <c>addcdiv_</c> adds one ulp, the momentum buffer b = μ·b + g/avg
    /// one per step for 1/(1 − μ) steps. Centered: TorchSharp updates the gradient average ga with <c>mul_</c>+<c>add_</c>
    /// where PyTorch uses <c>lerp_</c>; as for Adam's m the two ga differ by at most 3ε·G/(1 − α). That moves
    /// avg² = v − ga² by at most 2·|ga|·3ε·G/(1 − α); with |ga| ≤ √v, G ≤ √(v/(1 − α)) and the centered variance
    /// v − ga² ≥ (1 − α)·v (the gradient's mean does not dominate its spread; it changes sign on this problem), the
    /// relative change of avg is at most 3ε/(1 − α)^2.5 — large for α near 1, so the centered case uses α = 0.9.
    /// </remarks>
    public static double RmsPropUpdateUlps(RmsPropOptions o, long step) =>
        2 * (1 + 0.5 / (1 - o.Alpha) + (o.Momentum > 0 ? 1 / (1 - o.Momentum) : 0)
             + (o.Centered ? 3 / Math.Pow(1 - o.Alpha, 2.5) : 0));

    /// <summary>Adagrad: <c>R_s = 2 · (1 + s/2)</c>.</summary>
    /// <remarks>
    /// TorchSharp runs PyTorch's operations one for one. The sum of squared gradients is a running sum: each side is
    /// within (s − 1) half-ulps of the exact sum after s additions (recursive summation), so where libtorch fuses
    /// <c>addcmul_</c> the two sums differ by at most s·ε relative; the update divides by its square root (s/2 ulps), and
    /// the fused <c>addcdiv_</c> adds one.
    /// </remarks>
    public static double AdagradUpdateUlps(AdagradOptions o, long step) => 2 * (1 + step / 2.0);

    /// <summary>Adadelta: <c>R = 2 · (2 + 1/(1 − ρ))</c>.</summary>
    /// <remarks>
    /// TorchSharp runs PyTorch's operations one for one (it updates θ before the average of squared updates, which reads
    /// neither). The running averages v of g² and u of Δ² may each differ by one ulp per step (fused), remembered for
    /// 1/(1 − ρ) steps; the update √(u + eps)/√(v + eps)·g takes half of each relative difference; the divide, the
    /// multiply and the fused θ update add at most two more.
    /// </remarks>
    public static double AdadeltaUpdateUlps(AdadeltaOptions o, long step) => 2 * (2 + 1 / (1 - o.Rho));

    /// <summary>Adamax: <c>U = 2 · (1 + 3·lr / ((1 − β1)·(1 − β1/β2)))</c>, <c>R = 2 · 2</c>.</summary>
    /// <remarks>
    /// TorchSharp updates m with <c>mul_</c>+<c>add_</c> where PyTorch uses <c>lerp_</c> (as for Adam, at most 3ε·|g_k|
    /// per step k), and takes β1^t from <c>Math.Pow</c>. The infinity norm u ≥ β2^(s−k)·|g_k| for every past gradient,
    /// while m forgets g_k as β1^(s−k), so the m difference divided by u stays below 3ε/(1 − β1/β2); the step divides by
    /// the bias correction 1 − β1^t ≥ 1 − β1 and multiplies by lr. R: the fused <c>addcdiv_</c>, and the bias correction
    /// rounding to a neighbouring value in T.
    /// </remarks>
    public static double AdamaxUlpsPerStep(AdamaxOptions o) =>
        2 * (1 + 3 * o.Lr / ((1 - o.Beta1) * (1 - o.Beta1 / o.Beta2)));

    /// <summary>Adamax's R (see <see cref="AdamaxUlpsPerStep"/>).</summary>
    public static double AdamaxUpdateUlps(AdamaxOptions o, long step) => 2 * 2;

    /// <summary>NAdam: <c>U = 2 · (1 + 3·lr·β1 / ((1 − β1)²·√(1 − β2)))</c>, <c>R = 2 · 4</c>.</summary>
    /// <remarks>
    /// As Adam: TorchSharp's m (<c>mul_</c>+<c>add_</c>) differs from PyTorch's (<c>lerp_</c>) by at most 3ε·G/(1 − β1),
    /// and the denominator is at least √(1 − β2)·G; NAdam multiplies m by lr·μ_{t+1}/(1 − Π_{t+1}) ≤ lr·β1/(1 − β1).
    /// R: two fused <c>addcdiv_</c>, and the two coefficients, which TorchSharp computes from a μ product kept in double
    /// where PyTorch keeps it as a tensor of the model's dtype (as we do), each rounding to a neighbouring value in T.
    /// </remarks>
    public static double NAdamUlpsPerStep(NAdamOptions o) =>
        2 * (1 + 3 * o.Lr * o.Beta1 / ((1 - o.Beta1) * (1 - o.Beta1) * Math.Sqrt(1 - o.Beta2)));

    /// <summary>NAdam's R (see <see cref="NAdamUlpsPerStep"/>).</summary>
    public static double NAdamUpdateUlps(NAdamOptions o, long step) => 2 * 4;

    /// <summary>RAdam: U as Adam's (the same m difference; the rectification r_t ≤ 1 only shrinks it).</summary>
    public static double RAdamUlpsPerStep(RAdamOptions o) =>
        2 * (1 + 3 * o.Lr / ((1 - o.Beta1) * Math.Sqrt(1 - o.Beta2)));

    /// <summary>
    /// RAdam's R_s: <c>2 · (5 + κ_s·ε64/ε_T)</c>, where κ_s bounds how much the difference between <c>Math.Pow</c> and
    /// repeated squaring in β1^s and β2^s is magnified in the update's scalar factors.
    /// </summary>
    /// <remarks>
    /// Binary powering's relative error is at most (s − 1) half-ulps (each squaring doubles what it inherits) and the
    /// platform's pow is within one ulp, so the two values of β^s differ by δ ≤ (s + 1)/2 · ε64 relative. The factors:
    /// 1/(1 − β1^s) changes by δ·β1^s/(1 − β1^s); √(1 − β2^s) by δ·β2^s/(2(1 − β2^s)); and the rectification
    /// r = √((ρ − 4)(ρ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ)) with ρ = ρ∞ − q, q = 2s·β2^s/(1 − β2^s), is ill-conditioned where ρ
    /// is just above 5: q (≈ 2000 for β2 = 0.999) moves by q·δ/(1 − β2^s), and r by half of (1/(ρ − 4) + 1/(ρ − 2) − 1/ρ)
    /// times that — a magnification of ~10⁵ at the first rectified step, measured as a few hundred ulps of θ in float64.
    /// The 5: four scalars (bias correction, √(1 − β2^s), r, lr) rounding to neighbouring values in T, and one fused or
    /// reordered operation (TorchSharp divides the scalar √(1 − β2^s) by the tensor where PyTorch multiplies a reciprocal).
    /// </remarks>
    public static double RAdamUpdateUlps(RAdamOptions o, long step, double epsilonT)
    {
        double delta = (step + 1) / 2.0;
        double p1 = Math.Pow(o.Beta1, step), p2 = Math.Pow(o.Beta2, step);
        double kappa = delta * p1 / (1 - p1);
        double rhoInf = 2 / (1 - o.Beta2) - 1;
        double q = 2 * step * p2 / (1 - p2);
        double rho = rhoInf - q;
        if (rho > 5)
        {
            kappa += delta * p2 / (2 * (1 - p2));
            kappa += 0.5 * Math.Abs(1 / (rho - 4) + 1 / (rho - 2) - 1 / rho) * q * delta / (1 - p2);
        }

        return 2 * (5 + kappa * Math.Pow(2, -52) / epsilonT);
    }

    /// <summary>Rprop: U = R = 0, bit for bit.</summary>
    /// <remarks>
    /// Every product in Rprop's update is exact (the sign of g·prev, a step size times ±1 or 0) except the step size
    /// times η±, one rounding that both sides do alike; a clamp and a comparison round nothing, and no operation can be
    /// fused with another. The PyTorch fixtures agree bit for bit too (<c>OptimizerFixtureTests</c>).
    /// </remarks>
    public static double RpropUlpsPerStep(RpropOptions o) => 0;

    /// <summary>ASGD: <c>U = 2 + 2·λ·lr·(ε32/ε_T)</c>, <c>R = 2·(1 + [wd ≠ 0]) + 2·ε32/ε_T</c>.</summary>
    /// <remarks>
    /// PyTorch (and OptimizerLab) keep η as a float32 0-d tensor whatever the dtype; TorchSharp keeps it in double. So
    /// in float64 the two η differ by up to half an ulp of float32 (ε32/2 relative): the step η·g by ε32/2 of the update,
    /// the decay factor 1 − λη by λ·η·ε32/2 ≤ λ·lr·ε32/2 of θ (η ≤ lr). In float32 both sides round η to float32, from
    /// two double values that may differ in their last bit (<c>Math.Pow</c> against our <c>DeterministicMath.Pow</c>), so
    /// one ulp of η at most: the same terms with ε32/ε_T = 1. Otherwise TorchSharp runs PyTorch's operations one for one;
    /// libtorch may fuse <c>add_(grad, alpha=−η)</c> and the weight decay's <c>add(θ, alpha=wd)</c> (one ulp of the update
    /// each), and the two sides may round θ apart (one ulp). All doubled as margin.
    /// </remarks>
    public static double AsgdScalarUlpsPerStep(AsgdOptions o, double epsilonT) => 2 * o.Lambd * o.Lr * Math.Pow(2, -23) / epsilonT;

    /// <summary>ASGD's R (see <see cref="AsgdScalarUlpsPerStep"/>).</summary>
    public static double AsgdUpdateUlps(AsgdOptions o, long step, double epsilonT) =>
        2 * (1 + (o.WeightDecay != 0 ? 1 : 0)) + 2 * Math.Pow(2, -23) / epsilonT;
}
