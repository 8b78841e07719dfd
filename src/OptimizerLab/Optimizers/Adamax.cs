using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>State of <see cref="Adamax{T}"/> for one parameter.</summary>
public sealed class AdamaxState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal AdamaxState(int length) : base(length, "exp_avg", "exp_inf")
    {
    }

    /// <summary>First moment m.</summary>
    public T[] ExpAvg => Buffer("exp_avg");

    /// <summary>Exponentially weighted infinity norm u.</summary>
    public T[] ExpInf => Buffer("exp_inf");
}

/// <summary>
/// Adamax, Adam with the infinity norm (Kingma and Ba, 2014, section 7), exactly as <c>torch.optim.Adamax</c> computes it
/// (single-tensor path).
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, betas (β1, β2), eps ε, weight_decay λ, maximize
/// m0 = 0, u0 = 0
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     if λ ≠ 0: g = g + λ·θ
///     m = lerp(m, g, 1 - β1)
///     u = max(β2·u, |g| + ε)                   (ε inside the maximum, as torch has it)
///     θ = θ - (γ / (1 - β1^t))·m / u           (β1^t in double, by repeated squaring)
/// </code>
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class Adamax<T>(IEnumerable<ParamGroup<T, AdamaxOptions>> groups)
    : Optimizer<T, AdamaxOptions, AdamaxState<T>>("Adamax", groups, (p, _) => new(p.Length))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Adamax over one group of parameters (default options: torch's).</summary>
    public Adamax(IEnumerable<Parameter<T>> parameters, AdamaxOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics => new AdamaxDynamics<T>(this);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, AdamaxState<T> state, AdamaxOptions o)
    {
        double biasCorrection = 1 - DeterministicMath.Pow(o.Beta1, state.Step);
        double clr = o.Lr / biasCorrection;
        var scalars = new AdamaxScalars<T>
        {
            Opening = OpeningScalars<T>.Coupled(o.Maximize, o.WeightDecay),
            OneMinusBeta1 = T.CreateTruncating(1 - o.Beta1),
            Beta2 = T.CreateTruncating(o.Beta2),
            Eps = T.CreateTruncating(o.Eps),
            NegClr = T.CreateTruncating(-clr),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.ExpAvg, state.ExpInf);
    }
}

/// <summary>
/// Adamax as preconditioned gradient descent with EMA momentum: d_i = lr/(bc1·u_i), threshold (2 + 2β1)/(1 − β1). On a
/// plateau u = max(β2·u, |g| + eps) decays by β2 per step down to eps, so every d_i grows toward lr/eps.
/// </summary>
internal sealed class AdamaxDynamics<T>(Adamax<T> adamax) : IOptimizerDynamics where T : unmanaged, IFloatingPointIeee754<T>
{
    public string? StableBecause => null;

    public MomentumForm Momentum => MomentumForm.Ema(adamax.Groups[0].Options.Beta1);

    public double DenominatorEps => adamax.Groups[0].Options.Eps;

    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators)
    {
        foreach (var (parameter, o, state, offset) in adamax.Values())
        {
            long step = state?.Step ?? 0;
            double bc1 = AdamDynamics<T>.BiasCorrection(o.Beta1, step);
            for (int i = 0; i < parameter.Length; i++)
            {
                // Before the first step u is 0; the first step makes it |g| + eps, at least eps.
                double u = state is null ? o.Eps : Math.Max(double.CreateTruncating(state.ExpInf[i]), o.Eps);
                denominators[offset + i] = u;
                stepSizes[offset + i] = o.Lr / (bc1 * u);
            }
        }
    }

    public IStepSizeProjection ProjectStepSizes() => SegmentProjection.Of<AdamaxOptions, PlateauStep>(adamax.Freeze(s => s.ExpInf));

    /// <summary>lr/(bc1·max(u·decay, eps)) at a projected step: u decays by β2 per step down to eps.</summary>
    private readonly record struct PlateauStep(AdamaxOptions O, double Decay, double Bc1) : ISegmentStepSize<AdamaxOptions, PlateauStep>
    {
        public static PlateauStep At(AdamaxOptions o, long start, long step) =>
            new(o, DeterministicMath.Pow(o.Beta2, step - start), AdamDynamics<T>.BiasCorrection(o.Beta1, step));

        public double StepSize(double u) => O.Lr / (Bc1 * Math.Max(u * Decay, O.Eps));
    }

    public double? SafeEps(double largestHessianEigenvalue) => adamax.Groups[0].Options.Lr * largestHessianEigenvalue / Momentum.Threshold;
}
