using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>
/// State of <see cref="Adam{T}"/> for one parameter: its two moments and, with amsgrad, the running maximum of the second.
/// <see cref="RAdam{T}"/> and <see cref="SparseAdam{T}"/> keep the same two moments under the same torch keys (SparseAdam
/// advances them only where rows were touched).
/// </summary>
public sealed class AdamState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal AdamState(int length, bool amsgrad)
        : base(length, amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"])
    {
    }

    /// <summary>First moment m.</summary>
    public T[] ExpAvg => Buffer("exp_avg");

    /// <summary>Second moment v.</summary>
    public T[] ExpAvgSq => Buffer("exp_avg_sq");

    /// <summary>Running maximum of v (AMSGrad only; empty otherwise).</summary>
    public T[] MaxExpAvgSq => Buffer("max_exp_avg_sq");
}

/// <summary>
/// Adam (Kingma and Ba, 2014) exactly as <c>torch.optim.Adam</c> computes it (single-tensor path).
/// </summary>
/// <remarks>
/// <code>
/// input: lr, betas (β1, β2), eps, weight_decay λ, amsgrad, maximize, decoupled_weight_decay
/// m0 = 0, v0 = 0, v0_max = 0
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     if λ ≠ 0: decoupled ? θ = θ·(1 - lr·λ) : g = g + λ·θ
///     m = lerp(m, g, 1 - β1)
///     v = β2·v + (1 - β2)·g²
///     bc1 = 1 - β1^t, bc2 = 1 - β2^t                      (in double, β^t by repeated squaring)
///     if amsgrad: v_max = max(v_max, v); denom = sqrt(v_max)/sqrt(bc2) + eps
///     else:       denom = sqrt(v)/sqrt(bc2) + eps
///     θ = θ - (lr/bc1)·m / denom
/// </code>
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public class Adam<T>(IEnumerable<ParamGroup<T, AdamOptions>> groups)
    : Optimizer<T, AdamOptions, AdamState<T>>("Adam", groups, (p, o) => new(p.Length, o.Amsgrad))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Adam over one group of parameters (default options: torch's).</summary>
    public Adam(IEnumerable<Parameter<T>> parameters, AdamOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics => new AdamDynamics<T>(this);

    /// <summary>Whether weight decay is decoupled: as the options say for Adam, always for AdamW.</summary>
    protected virtual bool Decoupled(AdamOptions options) => options.DecoupledWeightDecay;

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, AdamState<T> state, AdamOptions o)
    {
        if (o.Amsgrad && state.MaxExpAvgSq.Length != parameter.Length)
            throw new InvalidOperationException($"Parameter '{parameter.Name}' has Adam state without max_exp_avg_sq: amsgrad cannot be switched on after the first step.");

        double biasCorrection1 = 1 - DeterministicMath.Pow(o.Beta1, state.Step);
        double biasCorrection2 = 1 - DeterministicMath.Pow(o.Beta2, state.Step);
        var scalars = new AdamScalars<T>
        {
            Opening = OpeningScalars<T>.Of(o.Maximize, o.Lr, o.WeightDecay, decoupled: Decoupled(o)),
            Moments = AdamMoments<T>.Of(o.Beta1, o.Beta2),
            Amsgrad = o.Amsgrad,
            BiasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(biasCorrection2)),
            Eps = T.CreateTruncating(o.Eps),
            NegStepSize = T.CreateTruncating(-(o.Lr / biasCorrection1)),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.ExpAvg, state.ExpAvgSq, state.MaxExpAvgSq);
    }
}

/// <summary>
/// AdamW (Loshchilov and Hutter, 2017): <see cref="Adam{T}"/> with decoupled weight decay, whatever options it is given,
/// as <c>torch.optim.AdamW</c>. A group whose options never set <see cref="DecayOptions.WeightDecay"/> gets AdamW's
/// default 1e-2, as torch fills a group's missing keys from the optimizer's defaults.
/// </summary>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class AdamW<T>(IEnumerable<ParamGroup<T, AdamOptions>> groups)
    : Adam<T>(groups)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>torch's default weight decay for AdamW.</summary>
    public const double DefaultWeightDecay = 1e-2;

    /// <summary>AdamW over one group of parameters (default options: <see cref="AdamOptions.AdamW"/>).</summary>
    public AdamW(IEnumerable<Parameter<T>> parameters, AdamOptions? options = null)
        : this([new(parameters, options ?? AdamOptions.AdamW())])
    {
    }

    /// <inheritdoc />
    public override string Name => "AdamW";

    /// <inheritdoc />
    protected override bool Decoupled(AdamOptions options) => true;

    /// <inheritdoc />
    protected override AdamOptions Complete(AdamOptions options) => options with
    {
        WeightDecay = options.WeightDecayGiven ? options.WeightDecay : DefaultWeightDecay,
        DecoupledWeightDecay = true,
    };
}

/// <summary>
/// Adam, AdamW and AMSGrad as preconditioned gradient descent with EMA momentum: d_i = lr/(bc1·(sqrt(v̂_i) + eps)), threshold
/// (1 + β1)(1 + c)/(1 − β1) (c = 1 − lr·λ with decoupled decay). On a plateau v decays by β2 per step while bc2 approaches 1,
/// so every d_i grows toward lr/eps; AMSGrad divides by the running maximum of v, which does not decay, so only the bias
/// corrections move its steps.
/// </summary>
internal sealed class AdamDynamics<T>(Adam<T> adam) : IOptimizerDynamics where T : unmanaged, IFloatingPointIeee754<T>
{
    public string? StableBecause => null;

    public MomentumForm Momentum => Form(adam.Groups[0].Options);

    public double DenominatorEps => adam.Groups[0].Options.Eps;

    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators)
    {
        foreach (var (parameter, o, state, offset) in adam.Values())
        {
            long step = state?.Step ?? 0;
            T[]? v = state is null ? null : o.Amsgrad ? state.MaxExpAvgSq : state.ExpAvgSq;
            // Once per parameter, not per element: a power per element made a diagnosed step cost ~100 µs.
            double bc1 = BiasCorrection(o.Beta1, step), bc2 = BiasCorrection(o.Beta2, step);
            AdaptiveStepSizes.Fill<T>(v, bc1, bc2, o.Eps, o.Lr, denominators.Slice(offset, parameter.Length), stepSizes.Slice(offset, parameter.Length));
        }
    }

    public IStepSizeProjection ProjectStepSizes() => Projection(adam.Freeze(s => s.MaxExpAvgSq.Length > 0 ? s.MaxExpAvgSq : s.ExpAvgSq));

    /// <summary>
    /// The projection from a plateau state given by its v̂ = v/bc2 per coordinate after step <paramref name="stepCount"/>,
    /// under options <paramref name="o"/> (for what-if forecasts: the same state with another eps or amsgrad).
    /// </summary>
    internal static IStepSizeProjection FromPlateau(ReadOnlySpan<double> vHat, long stepCount, AdamOptions o)
    {
        double bc2 = BiasCorrection(o.Beta2, stepCount);
        double[] v = new double[vHat.Length];
        for (int i = 0; i < v.Length; i++) v[i] = vHat[i] * bc2;
        return Projection(new FrozenState<AdamOptions>([new(o, stepCount, 0, v.Length)], [v], o.Lr, stepCount));
    }

    private static StepSizeProjection Projection(FrozenState<AdamOptions> frozen) => SegmentProjection.Of<AdamOptions, PlateauStep>(frozen);

    /// <summary>lr/(bc1·(sqrt(v·decay/bc2) + eps)) at a projected step: v decays by β2 per step, AMSGrad's maximum stays.</summary>
    private readonly record struct PlateauStep(AdamOptions O, double Decay, double Bc1, double Bc2) : ISegmentStepSize<AdamOptions, PlateauStep>
    {
        public static PlateauStep At(AdamOptions o, long start, long step) =>
            new(o, o.Amsgrad ? 1.0 : DeterministicMath.Pow(o.Beta2, step - start), BiasCorrection(o.Beta1, step), BiasCorrection(o.Beta2, step));

        public double StepSize(double v) => O.Lr / (Bc1 * (Math.Sqrt(v * Decay / Bc2) + O.Eps));
    }

    public double? SafeEps(double largestHessianEigenvalue) => adam.Groups[0].Options.Lr * largestHessianEigenvalue / Momentum.Threshold;

    internal static MomentumForm Form(AdamOptions o) =>
        MomentumForm.Ema(o.Beta1, o.WeightDecay != 0 && o.DecoupledWeightDecay ? 1 - o.Lr * o.WeightDecay : 1);

    /// <summary>1 − β^t, and 1 before the first step (the lab reads step sizes before any).</summary>
    internal static double BiasCorrection(double beta, long step) => step == 0 ? 1 : 1 - DeterministicMath.Pow(beta, step);

}
