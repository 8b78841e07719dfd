using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>State of <see cref="NAdam{T}"/> for one parameter.</summary>
/// <remarks>
/// torch keeps the running product of the momentum schedule as a 0-d tensor <c>mu_product</c> in its default dtype; here it
/// is a one-element buffer of T under the same key, saved with the state so that a resumed run continues with the same bits.
/// The two agree for float32 models and for float64 models run with <c>torch.set_default_dtype(torch.float64)</c>; a
/// float64 model under torch's float32 default would round the product to float32.
/// </remarks>
public sealed class NAdamState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal NAdamState(int length) : base(("mu_product", [T.One]), ("exp_avg", new T[length]), ("exp_avg_sq", new T[length]))
    {
    }

    /// <summary>One element: μ_1·μ_2·…·μ_t, starting at 1.</summary>
    public T[] MuProduct => Buffer("mu_product");

    /// <summary>First moment m.</summary>
    public T[] ExpAvg => Buffer("exp_avg");

    /// <summary>Second moment v.</summary>
    public T[] ExpAvgSq => Buffer("exp_avg_sq");
}

/// <summary>
/// NAdam, Adam with Nesterov momentum (Dozat, 2016), exactly as <c>torch.optim.NAdam</c> computes it (single-tensor path).
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, betas (β1, β2), eps ε, weight_decay λ, momentum_decay ψ, decoupled_weight_decay, maximize
/// m0 = 0, v0 = 0, Π0 = 1
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     if λ ≠ 0: decoupled ? θ = θ·(1 - γ·λ) : g = g + λ·θ
///     μ_t = β1·(1 - 0.5·0.96^(t·ψ)),  μ_{t+1} = β1·(1 - 0.5·0.96^((t+1)·ψ))     (in double, DeterministicMath.Pow)
///     Π_t = Π_{t-1}·μ_t                                                          (in T, as torch's 0-d tensor)
///     m = lerp(m, g, 1 - β1)
///     v = β2·v + (1 - β2)·g²
///     denom = sqrt(v / (1 - β2^t)) + ε                                           (β2^t by repeated squaring)
///     θ = θ - γ·(1 - μ_t)/(1 - Π_t) · g/denom
///     θ = θ - γ·μ_{t+1}/(1 - Π_t·μ_{t+1}) · m/denom
/// </code>
/// </remarks>
public sealed class NAdam<T> : Optimizer<T, NAdamOptions, NAdamState<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>NAdam over one group of parameters (default options: torch's).</summary>
    public NAdam(IEnumerable<Parameter<T>> parameters, NAdamOptions? options = null,
        NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Throw)
        : base(parameters, options ?? new(), nonFiniteGradients)
    {
    }

    /// <summary>NAdam over parameter groups, each with its own options.</summary>
    public NAdam(IEnumerable<ParamGroup<T, NAdamOptions>> groups,
        NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Throw)
        : base(groups, nonFiniteGradients)
    {
    }

    /// <inheritdoc />
    public override string Name => "NAdam";

    /// <inheritdoc />
    protected override NAdamState<T> CreateState(Parameter<T> parameter, NAdamOptions options) => new(parameter.Length);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, NAdamState<T> state, NAdamOptions o)
    {
        state.Step++;
        double step = state.Step;
        double biasCorrection2 = 1 - DeterministicMath.Pow(o.Beta2, state.Step);
        double mu = o.Beta1 * (1.0 - 0.5 * DeterministicMath.Pow(0.96, step * o.MomentumDecay));
        double muNext = o.Beta1 * (1.0 - 0.5 * DeterministicMath.Pow(0.96, (step + 1) * o.MomentumDecay));

        // torch: mu_product *= mu, a T-by-T multiplication of the 0-d tensor by mu rounded to T.
        T muProduct = state.MuProduct[0] * T.CreateTruncating(mu);
        state.MuProduct[0] = muProduct;
        double muProductValue = double.CreateTruncating(muProduct);
        double muProductNext = muProductValue * muNext;

        var scalars = new NAdamScalars<T>(
            Opening: OpeningScalars<T>.Of(o.Maximize, o.Lr, o.WeightDecay, decoupled: o.DecoupledWeightDecay),
            OneMinusBeta1: T.CreateTruncating(1 - o.Beta1),
            Beta2: T.CreateTruncating(o.Beta2),
            OneMinusBeta2: T.CreateTruncating(1 - o.Beta2),
            BiasCorrection2: T.CreateTruncating(biasCorrection2),
            Eps: T.CreateTruncating(o.Eps),
            GradCoefficient: T.CreateTruncating(-o.Lr * (1.0 - mu) / (1.0 - muProductValue)),
            ExpAvgCoefficient: T.CreateTruncating(-o.Lr * muNext / (1.0 - muProductNext)));
        NAdamKernel.Update<T>(parameter.Value, parameter.Grad, state.ExpAvg, state.ExpAvgSq, scalars);
    }
}
