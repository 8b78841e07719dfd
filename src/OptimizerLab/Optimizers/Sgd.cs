using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Optimizers;

/// <summary>State of <see cref="Sgd{T}"/> for one parameter: the momentum buffer, once momentum is used.</summary>
/// <remarks>
/// torch keeps no step count for SGD; <see cref="ParamState{T}.Step"/> counts updates here all the same.
/// Without momentum there is no buffer, as in torch's <c>state_dict</c>.
/// </remarks>
public sealed class SgdState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal SgdState(int length, bool momentum) : base(length, momentum ? ["momentum_buffer"] : [])
    {
    }

    /// <summary>The velocity b (empty while momentum has not been used).</summary>
    public T[] MomentumBuffer => Buffer("momentum_buffer");

    /// <summary>Creates the buffer when momentum is switched on after steps without it (a one-off allocation, as torch's).</summary>
    internal void CreateMomentumBuffer(int length) => AddBuffer("momentum_buffer", length);
}

/// <summary>
/// Stochastic gradient descent, optionally with momentum, exactly as <c>torch.optim.SGD</c> computes it (single-tensor path).
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, momentum μ, dampening τ, weight_decay λ, nesterov, maximize
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     if λ ≠ 0: g = g + λ·θ
///     if μ ≠ 0:
///         b = (first step with momentum) ? g : μ·b + (1 - τ)·g
///         g = nesterov ? g + μ·b : b
///     θ = θ - γ·g
/// </code>
/// The buffer starts as a copy of the first gradient, not at zero, so dampening applies from the second step on (torch's note).
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class Sgd<T>(IEnumerable<ParamGroup<T, SgdOptions>> groups)
    : Optimizer<T, SgdOptions, SgdState<T>>("SGD", groups, (p, o) => new(p.Length, o.Momentum != 0))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>SGD over one group of parameters (default options: torch's).</summary>
    public Sgd(IEnumerable<Parameter<T>> parameters, SgdOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics => new SgdDynamics<T>(this);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, SgdState<T> state, SgdOptions o)
    {
        // torch's buffer is None until the first step with momentum; ours exists from the state's creation, so
        // "first" is the state's first update, or the step that switches momentum on after steps without it.
        bool firstMomentumStep = false;
        if (o.Momentum != 0)
        {
            if (state.MomentumBuffer.Length != parameter.Length)
            {
                state.CreateMomentumBuffer(parameter.Length);
                firstMomentumStep = true;
            }
            else
            {
                firstMomentumStep = state.Step == 1;
            }
        }

        var scalars = new SgdScalars<T>
        {
            Opening = OpeningScalars<T>.Coupled(o.Maximize, o.WeightDecay),
            Momentum = o.Momentum != 0,
            FirstMomentumStep = firstMomentumStep,
            Nesterov = o.Nesterov,
            MomentumFactor = T.CreateTruncating(o.Momentum),
            OneMinusDampening = T.CreateTruncating(1 - o.Dampening),
            NegLr = T.CreateTruncating(-o.Lr),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.MomentumBuffer);
    }
}

/// <summary>
/// SGD as gradient descent with d_i = lr for every coordinate and the threshold of its momentum form: 2 without momentum,
/// (2 + 2μ)/(1 − τ) for torch's heavy ball, (2 + 2μ)/(1 + μ·(2 − τ)) for Nesterov. Its steps do not change on a plateau,
/// so it turns unstable there only if the learning rate rises (a schedule).
/// </summary>
internal sealed class SgdDynamics<T>(Sgd<T> sgd) : IOptimizerDynamics where T : unmanaged, IFloatingPointIeee754<T>
{
    public string? StableBecause => null;

    public MomentumForm Momentum
    {
        get
        {
            var o = sgd.Groups[0].Options;
            return o.Nesterov ? MomentumForm.Nesterov(o.Momentum, o.Dampening) : MomentumForm.HeavyBall(o.Momentum, o.Dampening);
        }
    }

    public double DenominatorEps => double.NaN;

    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators)
    {
        foreach (var (parameter, o, _, offset) in sgd.Values())
        {
            stepSizes.Slice(offset, parameter.Length).Fill(o.Lr);
            denominators.Slice(offset, parameter.Length).Fill(double.NaN);
        }
    }

    public IStepSizeProjection ProjectStepSizes()
    {
        var frozen = sgd.Freeze();
        return new StepSizeProjection(frozen.StepsTaken, frozen.Lr, (_, d) =>
        {
            foreach (var (o, _, offset, length) in frozen.Segments) d.Slice(offset, length).Fill(o.Lr);
        });
    }

    public double? SafeEps(double largestHessianEigenvalue) => null;
}
