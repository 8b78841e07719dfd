namespace OptimizerLab.Optimizers;

/// <summary>
/// The momentum form of an optimizer's update, linearised on one eigen-direction of curvature h with x = d·h (d the
/// coordinate's step size): b' = μ·b + a·g, θ' = c·θ − d·(p·g + q·b'). It gives the stability threshold of
/// S = λ_max(D^½·H·D^½) and how fast the unstable mode grows once S is past it.
/// </summary>
/// <param name="Momentum">μ, how much of the buffer is kept (0: no buffer).</param>
/// <param name="BufferShare">a, how much of the gradient enters the buffer: 1 − τ (dampening τ), 1 − β for an EMA.</param>
/// <param name="GradientWeight">p, the weight of the raw gradient in the step.</param>
/// <param name="BufferWeight">q, the weight of the updated buffer in the step.</param>
/// <param name="Shrink">c, the factor θ is multiplied by before the step: 1 − lr·λ with decoupled weight decay, else 1.</param>
/// <remarks>
/// In (θ, d·b) the recurrence is the 2×2 matrix [[c − (p + q·a)·x, −q·μ], [a·x, μ]], with trace c + μ − (p + q·a)·x and
/// determinant μ·(c − p·x). An eigenvalue reaches −1 first, at x = (1 + c)(1 + μ)/(p·(1 + μ) + q·a): 2 for gradient descent,
/// (2 + 2μ)/(1 − τ) for torch's heavy ball, (2 + 2μ)/(1 + μ·(2 − τ)) for its Nesterov form, (1 + β)(1 + c)/(1 − β) = 38
/// for Adam's EMA with β = 0.9 (Cohen et al. 2022, "Adaptive gradient methods at the edge of stability").
/// </remarks>
public sealed record MomentumForm(double Momentum, double BufferShare, double GradientWeight, double BufferWeight, double Shrink = 1)
{
    /// <summary>Plain gradient descent θ ← θ − d·g.</summary>
    public static MomentumForm GradientDescent { get; } = new(0, 0, 1, 0);

    /// <summary>torch's heavy ball b = μ·b + (1 − τ)·g, θ ← θ − d·b (SGD, RMSprop with momentum); gradient descent when μ = 0.</summary>
    public static MomentumForm HeavyBall(double momentum, double dampening) =>
        momentum == 0 ? GradientDescent : new(momentum, 1 - dampening, 0, 1);

    /// <summary>torch's Nesterov form b = μ·b + (1 − τ)·g, θ ← θ − d·(g + μ·b).</summary>
    public static MomentumForm Nesterov(double momentum, double dampening) => new(momentum, 1 - dampening, 1, momentum);

    /// <summary>Adam's EMA m = β·m + (1 − β)·g, θ ← c·θ − d·m (c = 1 − lr·λ with decoupled weight decay).</summary>
    public static MomentumForm Ema(double beta, double shrink = 1) => new(beta, 1 - beta, 0, 1, shrink);

    /// <summary>
    /// Adam's EMA with β = β1, for an optimizer whose weight decay λ may be decoupled: θ shrinks by 1 − lr·λ per step when it
    /// is, and not at all when the decay enters the gradient as an L2 term.
    /// </summary>
    internal static MomentumForm Ema(IDecoupledDecayOptions o) =>
        Ema(o.Beta1, o.WeightDecay != 0 && o.DecoupledWeightDecay ? 1 - o.Lr * o.WeightDecay : 1);

    /// <summary>The x = d·h at which the recurrence turns unstable: the stability threshold of S.</summary>
    public double Threshold => (1 + Shrink) * (1 + Momentum) / (GradientWeight * (1 + Momentum) + BufferWeight * BufferShare);

    /// <summary>
    /// The spectral radius of the recurrence at x = <paramref name="sharpness"/>: the factor by which the most unstable
    /// mode's amplitude grows per step (above 1 past the threshold).
    /// </summary>
    public double Amplification(double sharpness)
    {
        double trace = Shrink + Momentum - (GradientWeight + BufferWeight * BufferShare) * sharpness;
        double determinant = Momentum * (Shrink - GradientWeight * sharpness);
        double discriminant = trace * trace - 4 * determinant;
        if (discriminant < 0) return Math.Sqrt(Math.Abs(determinant)); // complex pair: |z|² = det
        double root = Math.Sqrt(discriminant);
        return Math.Max(Math.Abs(trace + root), Math.Abs(trace - root)) / 2;
    }
}
