using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Lion{T}"/> with the paper's defaults (Lion is not in torch); its weight decay is decoupled.</summary>
[TorchSignature("lr", "betas", "weight_decay", "maximize")]
public sealed record LionOptions : BetasOptions
{
    /// <summary>The paper's defaults: lr 1e-4, betas (0.9, 0.99), no weight decay.</summary>
    public LionOptions()
    {
        Lr = 1e-4;
        Beta2 = 0.99;
    }
}

/// <summary>State of <see cref="Lion{T}"/> for one parameter: the momentum.</summary>
public sealed class LionState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal LionState(int length) : base(length, "exp_avg")
    {
    }

    /// <summary>Momentum m.</summary>
    public T[] ExpAvg => Buffer("exp_avg");
}

/// <summary>
/// Lion, EvoLved Sign Momentum (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"): the first
/// optimizer here beyond torch.optim. Every coordinate moves by exactly lr (times the sign), so its lr is typically
/// 3–10× smaller than AdamW's and its weight decay larger.
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, betas (β1, β2), weight_decay λ, maximize
/// m0 = 0
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     θ = θ·(1 - γ·λ)
///     c = β1·m + (1 - β1)·g
///     θ = θ - γ·sign(c)
///     m = β2·m + (1 - β2)·g
/// </code>
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class Lion<T>(IEnumerable<ParamGroup<T, LionOptions>> groups)
    : Optimizer<T, LionOptions, LionState<T>>("Lion", groups, (p, _) => new(p.Length))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Lion over one group of parameters (default options: the paper's).</summary>
    public Lion(IEnumerable<Parameter<T>> parameters, LionOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics { get; } = new NoPlateauInstability(
        "Lion moves every coordinate by exactly lr (the sign of its momentum) whatever the gradient, so its steps neither grow nor shrink: it hovers around the minimum at a distance set by lr instead of settling on a plateau that could turn unstable.");

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, LionState<T> state, LionOptions o)
    {
        var scalars = new LionScalars<T>
        {
            Opening = OpeningScalars<T>.Of(o.Maximize, o.Lr, o.WeightDecay, decoupled: true),
            Beta1 = T.CreateTruncating(o.Beta1),
            OneMinusBeta1 = T.CreateTruncating(1 - o.Beta1),
            Beta2 = T.CreateTruncating(o.Beta2),
            OneMinusBeta2 = T.CreateTruncating(1 - o.Beta2),
            NegLr = T.CreateTruncating(-o.Lr),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.ExpAvg);
    }
}
