using OptimizerLab.Lab;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// The numbers the rebound mechanism predicts, derived here once so that every property states its threshold from them
/// (BRIEF §2: on the plateau v decays like β2^t, Adam's step lr/(sqrt(v̂)+eps) grows, and preconditioned gradient descent
/// with EMA momentum turns unstable once lr·λ_max(H·diag(1/(bc1·(sqrt(v̂)+eps)))) exceeds (2+2β1)/(1−β1)).
/// </summary>
internal static class Mechanism
{
    /// <summary>Amplitude growth from one float64 rounding error (relative 2⁻⁵³) to order one: the most growth any rebound can need.</summary>
    public const double MaxAmplitudeGrowth = 1e16;

    /// <summary>The stability threshold of EMA momentum, 38 for β1 = 0.9.</summary>
    public static double Threshold(double beta1) => MomentumForm.Ema(beta1).Threshold;

    /// <summary>
    /// Steps after the sharpness crosses the threshold until the unstable mode has grown by <paramref name="growth"/> in
    /// amplitude. The mode follows Adam's heavy-ball recurrence x' = x(1 + β1 − (1 − β1)·S) − β1·x₋₁ linearised on the top
    /// eigenvector, with S(Δ) the sharpness Δ steps after the crossing; it starts as the pure unstable mode (x₋₁ = −x).
    /// </summary>
    public static int GrowthLag(double growth, double beta1, Func<int, double> sharpness)
    {
        double previous = -1, current = 1, largest = 1;
        int steps = 0;
        while (largest < growth)
        {
            double next = current * (1 + beta1 - (1 - beta1) * sharpness(steps)) - beta1 * previous;
            previous = current;
            current = next;
            steps++;
            largest = Math.Max(largest, Math.Abs(current));
            if (steps > 1_000_000) throw new InvalidOperationException("The unstable mode does not grow: the sharpness never exceeds the threshold.");
        }

        return steps;
    }

    /// <summary>
    /// <see cref="GrowthLag(double, double, Func{int, double})"/> for the slowest sharpness rise the worst-case crossing allows:
    /// the coordinate with the largest second moment alone, whose step lr/(sqrt(v̂)+eps) grows as sqrt(v̂) decays by β2^(Δ/2).
    /// </summary>
    public static int GrowthLag(double growth, double beta1, double beta2, double eps, double lrTimesLambda)
    {
        double threshold = Threshold(beta1);
        double decaying = lrTimesLambda / threshold - eps; // sqrt(v̂) of that coordinate at the crossing
        return GrowthLag(growth, beta1, delta => lrTimesLambda / (decaying * Math.Pow(beta2, delta / 2.0) + eps));
    }

    /// <summary>
    /// An upper bound on the steps from the plateau until the sharpness S = λ_max(D^½HD^½) reaches the threshold, from the
    /// largest sqrt(v̂) at the plateau. S ≥ λ_max(H)·min_i d_i (H PSD, D diagonal), and d_i ≥ lr/(sqrt(v̂_i) + eps) since
    /// bc1 ≤ 1; while the loss stays below the plateau threshold f_p, v̂_i(p+Δ) ≤ β2^Δ·v̂_i(p) + G² with G² = 2·λ_max(H)·f_p
    /// bounding any squared gradient (|∇f|² = 4rᵀAAᵀr ≤ 2λ_max(H)·f for least squares). So S ≥ threshold once
    /// β2^(Δ/2)·max sqrt(v̂(p)) ≤ lr·λ_max(H)/threshold − eps − G. Null when eps alone keeps S below the threshold.
    /// </summary>
    public static int? WorstCaseStepsToCrossing(double maxSqrtVHat, double lr, double eps, double beta1, double beta2,
        double lambdaMax, double plateauLoss)
    {
        double room = lr * lambdaMax / Threshold(beta1) - eps - Math.Sqrt(2 * lambdaMax * plateauLoss);
        if (room <= 0) return null;
        if (maxSqrtVHat <= room) return 0;
        return (int)Math.Ceiling(2 * Math.Log(maxSqrtVHat / room) / -Math.Log(beta2));
    }
}
