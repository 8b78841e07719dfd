using System.Numerics;
using OptimizerLab.Numerics;
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
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class Adadelta<T>(IEnumerable<ParamGroup<T, AdadeltaOptions>> groups)
    : Optimizer<T, AdadeltaOptions, AdadeltaState<T>>("Adadelta", groups, (p, _) => new(p.Length))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Adadelta over one group of parameters (default options: torch's).</summary>
    public Adadelta(IEnumerable<Parameter<T>> parameters, AdadeltaOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics => new AdadeltaDynamics<T>(this);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, AdadeltaState<T> state, AdadeltaOptions o)
    {
        var scalars = new AdadeltaScalars<T>
        {
            Opening = OpeningScalars<T>.Coupled(o.Maximize, o.WeightDecay),
            Rho = T.CreateTruncating(o.Rho),
            OneMinusRho = T.CreateTruncating(1 - o.Rho),
            Eps = T.CreateTruncating(o.Eps),
            NegLr = T.CreateTruncating(-o.Lr),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.SquareAvg, state.AccDelta);
    }
}

/// <summary>
/// Adadelta as preconditioned gradient descent: d_i = lr·sqrt(u_i + eps)/sqrt(v_i + eps), no momentum, threshold 2. On a
/// plateau both the squared-gradient average v and the squared-update average u decay by rho per step, so each d_i moves
/// monotonically toward lr (it grows where u &lt; v, the usual case after the loss has fallen): with lr·λ_max(H) &gt; 2 the
/// plateau turns unstable once v has decayed toward eps.
/// </summary>
internal sealed class AdadeltaDynamics<T>(Adadelta<T> adadelta) : IOptimizerDynamics where T : unmanaged, IFloatingPointIeee754<T>
{
    public string? StableBecause => null;

    public MomentumForm Momentum => MomentumForm.GradientDescent;

    // eps sits inside both square roots: it caps no step on its own (the step tends to lr, not lr/eps).
    public double DenominatorEps => double.NaN;

    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators)
    {
        foreach (var (parameter, o, state, offset) in adadelta.Values())
        {
            for (int i = 0; i < parameter.Length; i++)
            {
                double v = state is null ? 0 : double.CreateTruncating(state.SquareAvg[i]);
                double u = state is null ? 0 : double.CreateTruncating(state.AccDelta[i]);
                denominators[offset + i] = Math.Sqrt(v + o.Eps);
                stepSizes[offset + i] = o.Lr * Math.Sqrt(u + o.Eps) / Math.Sqrt(v + o.Eps);
            }
        }
    }

    public IStepSizeProjection ProjectStepSizes()
    {
        var frozen = adadelta.Freeze(s => s.SquareAvg, s => s.AccDelta);
        double[] v = frozen.Buffers[0], u = frozen.Buffers[1];
        return new StepSizeProjection(frozen.StepsTaken, frozen.Lr, (step, d) =>
        {
            foreach (var (o, _, offset, length) in frozen.Segments)
            {
                double decay = DeterministicMath.Pow(o.Rho, step - frozen.StepsTaken);
                for (int i = offset; i < offset + length; i++) d[i] = o.Lr * Math.Sqrt(u[i] * decay + o.Eps) / Math.Sqrt(v[i] * decay + o.Eps);
            }
        });
    }

    public double? SafeEps(double largestHessianEigenvalue) => null;
}
