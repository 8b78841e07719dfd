using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Optimizers;

/// <summary>State of <see cref="Adadelta{T}"/> for one parameter.</summary>
public sealed class AdadeltaState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal AdadeltaState(int length) : base(length, "square_avg", "acc_delta")
    {
    }

    /// <summary>Running average v of g².</summary>
    public T[] SquareAvg => Buffer("square_avg");

    /// <summary>Running average u of the squared updates Δx².</summary>
    public T[] AccDelta => Buffer("acc_delta");
}

/// <summary>
/// Adadelta (Zeiler, 2012) exactly as <c>torch.optim.Adadelta</c> computes it (single-tensor path).
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, rho ρ, eps ε, weight_decay λ, maximize
/// v0 = 0, u0 = 0
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     if λ ≠ 0: g = g + λ·θ
///     v = ρ·v + (1 - ρ)·g²
///     Δx = sqrt(u + ε) / sqrt(v + ε) · g
///     u = ρ·u + (1 - ρ)·Δx²
///     θ = θ - γ·Δx
/// </code>
/// </remarks>
public sealed class Adadelta<T> : Optimizer<T, AdadeltaOptions, AdadeltaState<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Adadelta over one group of parameters (default options: torch's).</summary>
    public Adadelta(IEnumerable<Parameter<T>> parameters, AdadeltaOptions? options = null,
        NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Throw)
        : base(parameters, options ?? new(), nonFiniteGradients)
    {
    }

    /// <summary>Adadelta over parameter groups, each with its own options.</summary>
    public Adadelta(IEnumerable<ParamGroup<T, AdadeltaOptions>> groups,
        NonFiniteGradientPolicy nonFiniteGradients = NonFiniteGradientPolicy.Throw)
        : base(groups, nonFiniteGradients)
    {
    }

    /// <inheritdoc />
    public override string Name => "Adadelta";

    /// <inheritdoc />
    protected override AdadeltaState<T> CreateState(Parameter<T> parameter, AdadeltaOptions options) => new(parameter.Length);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, AdadeltaState<T> state, AdadeltaOptions o)
    {
        state.Step++;
        var scalars = new AdadeltaScalars<T>(
            Opening: OpeningScalars<T>.Coupled(o.Maximize, o.WeightDecay),
            Rho: T.CreateTruncating(o.Rho),
            OneMinusRho: T.CreateTruncating(1 - o.Rho),
            Eps: T.CreateTruncating(o.Eps),
            NegLr: T.CreateTruncating(-o.Lr));
        AdadeltaKernel.Update<T>(parameter.Value, parameter.Grad, state.SquareAvg, state.AccDelta, scalars);
    }
}
