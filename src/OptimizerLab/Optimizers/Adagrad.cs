using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Optimizers;

/// <summary>State of <see cref="Adagrad{T}"/> for one parameter.</summary>
public sealed class AdagradState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal AdagradState(int length, T initialAccumulatorValue) : base(length, "sum") => Array.Fill(Sum, initialAccumulatorValue);

    /// <summary>Sum of squared gradients, starting at the initial accumulator value.</summary>
    public T[] Sum => Buffer("sum");
}

/// <summary>
/// Adagrad (Duchi et al., 2011) exactly as <c>torch.optim.Adagrad</c> computes it for dense gradients (single-tensor path).
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, lr_decay η, weight_decay λ, initial_accumulator_value τ, eps ε, maximize
/// sum0 = τ
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     if λ ≠ 0: g = g + λ·θ
///     γ̃ = γ / (1 + (t - 1)·η)
///     sum = sum + g²
///     θ = θ - γ̃·g / (sqrt(sum) + ε)
/// </code>
/// torch creates every parameter's state in the constructor; here it is created at the parameter's first update, with the
/// same values, so a parameter that never had a gradient has no saved state instead of torch's step 0 and sum τ.
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class Adagrad<T>(IEnumerable<ParamGroup<T, AdagradOptions>> groups)
    : Optimizer<T, AdagradOptions, AdagradState<T>>("Adagrad", groups, (p, o) => new(p.Length, T.CreateTruncating(o.InitialAccumulatorValue)))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Adagrad over one group of parameters (default options: torch's).</summary>
    public Adagrad(IEnumerable<Parameter<T>> parameters, AdagradOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics { get; } = new NoPlateauInstability(
        "Adagrad's accumulator of squared gradients only grows (and lr_decay only lowers its lr), so its steps lr/(sqrt(sum)+eps) only shrink and a plateau cannot turn unstable.");

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, AdagradState<T> state, AdagradOptions o)
    {
        double clr = o.Lr / (1 + (state.Step - 1) * o.LrDecay);
        var scalars = new AdagradScalars<T>
        {
            Opening = OpeningScalars<T>.Coupled(o.Maximize, o.WeightDecay),
            Eps = T.CreateTruncating(o.Eps),
            NegClr = T.CreateTruncating(-clr),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.Sum);
    }
}
