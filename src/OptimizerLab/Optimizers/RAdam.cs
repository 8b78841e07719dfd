using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>State of <see cref="RAdam{T}"/> for one parameter.</summary>
public sealed class RAdamState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal RAdamState(int length) : base(length, "exp_avg", "exp_avg_sq")
    {
    }

    /// <summary>First moment m.</summary>
    public T[] ExpAvg => Buffer("exp_avg");

    /// <summary>Second moment v.</summary>
    public T[] ExpAvgSq => Buffer("exp_avg_sq");
}

/// <summary>
/// RAdam, Adam with a rectified adaptive learning rate (Liu et al., 2019), exactly as <c>torch.optim.RAdam</c> computes it
/// (single-tensor path, capturable off).
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, betas (β1, β2), eps ε, weight_decay λ, decoupled_weight_decay, maximize
/// m0 = 0, v0 = 0, ρ∞ = 2/(1 - β2) - 1
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     if λ ≠ 0: decoupled ? θ = θ·(1 - γ·λ) : g = g + λ·θ
///     m = lerp(m, g, 1 - β1)
///     v = β2·v + (1 - β2)·g²
///     m̂ = m / (1 - β1^t)                                      (β^t in double, by repeated squaring)
///     ρ_t = ρ∞ - 2t·β2^t / (1 - β2^t)
///     if ρ_t &gt; 5:
///         l_t = sqrt(1 - β2^t) / (sqrt(v) + ε)
///         r_t = sqrt((ρ_t - 4)(ρ_t - 2)ρ∞ / ((ρ∞ - 4)(ρ∞ - 2)ρ_t))
///         θ = θ - m̂·γ·l_t·r_t
///     else:
///         θ = θ - m̂·γ                                          (SGD with momentum while the variance is intractable)
/// </code>
/// </remarks>
public sealed class RAdam<T> : Optimizer<T, RAdamOptions, RAdamState<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>RAdam over one group of parameters (default options: torch's).</summary>
    public RAdam(IEnumerable<Parameter<T>> parameters, RAdamOptions? options = null,
        NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Throw)
        : base(parameters, options ?? new(), nonFiniteGradients)
    {
    }

    /// <summary>RAdam over parameter groups, each with its own options.</summary>
    public RAdam(IEnumerable<ParamGroup<T, RAdamOptions>> groups,
        NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Throw)
        : base(groups, nonFiniteGradients)
    {
    }

    /// <inheritdoc />
    public override string Name => "RAdam";

    /// <inheritdoc />
    protected override RAdamState<T> CreateState(Parameter<T> parameter, RAdamOptions options) => new(parameter.Length);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, RAdamState<T> state, RAdamOptions o)
    {
        state.Step++;
        double biasCorrection1 = 1 - DeterministicMath.Pow(o.Beta1, state.Step);
        double beta2Power = DeterministicMath.Pow(o.Beta2, state.Step);
        double biasCorrection2 = 1 - beta2Power;
        // ρ∞ and ρ_t: the maximum and the current length of the simple moving average that v approximates.
        double rhoInf = 2 / (1 - o.Beta2) - 1;
        double rhoT = rhoInf - 2 * (double)state.Step * beta2Power / biasCorrection2;
        bool rectified = rhoT > 5.0;
        // torch writes x ** 0.5 (libm's pow, within ~0.52 ulp in glibc); Math.Sqrt is the correctly rounded square root.
        double rectification = rectified
            ? Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
            : 0.0;

        var scalars = new RAdamScalars<T>(
            Opening: OpeningScalars<T>.Of(o.Maximize, o.Lr, o.WeightDecay, decoupled: o.DecoupledWeightDecay),
            Rectified: rectified,
            OneMinusBeta1: T.CreateTruncating(1 - o.Beta1),
            Beta2: T.CreateTruncating(o.Beta2),
            OneMinusBeta2: T.CreateTruncating(1 - o.Beta2),
            BiasCorrection1: T.CreateTruncating(biasCorrection1),
            Lr: T.CreateTruncating(o.Lr),
            Eps: T.CreateTruncating(o.Eps),
            BiasCorrection2Sqrt: T.CreateTruncating(Math.Sqrt(biasCorrection2)),
            Rectification: T.CreateTruncating(rectification));
        RAdamKernel.Update<T>(parameter.Value, parameter.Grad, state.ExpAvg, state.ExpAvgSq, scalars);
    }
}
