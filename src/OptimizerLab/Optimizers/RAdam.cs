using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

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
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class RAdam<T>(IEnumerable<ParamGroup<T, RAdamOptions>> groups)
    : Optimizer<T, RAdamOptions, AdamState<T>>("RAdam", groups, (p, _) => new(p.Length, amsgrad: false))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>RAdam over one group of parameters (default options: torch's).</summary>
    public RAdam(IEnumerable<Parameter<T>> parameters, RAdamOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics => new RAdamDynamics<T>(this);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, AdamState<T> state, RAdamOptions o)
    {
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

        var scalars = new RAdamScalars<T>
        {
            Opening = OpeningScalars<T>.Of(o.Maximize, o.Lr, o.WeightDecay, decoupled: o.DecoupledWeightDecay),
            Moments = AdamMoments<T>.Of(o.Beta1, o.Beta2),
            Rectified = rectified,
            BiasCorrection1 = T.CreateTruncating(biasCorrection1),
            Lr = T.CreateTruncating(o.Lr),
            Eps = T.CreateTruncating(o.Eps),
            BiasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(biasCorrection2)),
            Rectification = T.CreateTruncating(rectification),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.ExpAvg, state.ExpAvgSq);
    }
}

/// <summary>
/// RAdam as preconditioned gradient descent with EMA momentum: once rectified (ρ_t &gt; 5), d_i = lr·r_t·sqrt(bc2)/(bc1·(sqrt(v_i)
/// + eps)), before that d_i = lr/bc1 (SGD with EMA momentum); threshold (1 + β1)(1 + c)/(1 − β1) as Adam's. On a plateau v
/// decays by β2 per step while r_t and bc2 approach 1, so every d_i grows toward lr/eps.
/// </summary>
internal sealed class RAdamDynamics<T>(RAdam<T> radam) : IOptimizerDynamics where T : unmanaged, IFloatingPointIeee754<T>
{
    public string? StableBecause => null;

    public MomentumForm Momentum
    {
        get
        {
            var o = radam.Groups[0].Options;
            return MomentumForm.Ema(o.Beta1, o.WeightDecay != 0 && o.DecoupledWeightDecay ? 1 - o.Lr * o.WeightDecay : 1);
        }
    }

    public double DenominatorEps => radam.Groups[0].Options.Eps;

    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators)
    {
        foreach (var (parameter, o, state, offset) in radam.Values())
        {
            long step = state?.Step ?? 0;
            var scalars = Scalars(o, step);
            for (int i = 0; i < parameter.Length; i++)
            {
                double v = state is null ? 0 : double.CreateTruncating(state.ExpAvgSq[i]);
                (stepSizes[offset + i], denominators[offset + i]) = StepSize(o, scalars, v);
            }
        }
    }

    public IStepSizeProjection ProjectStepSizes() => SegmentProjection.Of<RAdamOptions, PlateauStep>(radam.Freeze(s => s.ExpAvgSq));

    /// <summary>RAdam's step size at a projected step, v decaying by β2 per step.</summary>
    private readonly record struct PlateauStep(RAdamOptions O, double Decay, (double Bc1, bool Rectified, double R, double SqrtBc2) K)
        : ISegmentStepSize<RAdamOptions, PlateauStep>
    {
        public static PlateauStep At(RAdamOptions o, long start, long step) => new(o, DeterministicMath.Pow(o.Beta2, step - start), RAdamDynamics<T>.Scalars(o, step));

        public double StepSize(double v) => RAdamDynamics<T>.StepSize(O, K, v * Decay).StepSize;
    }

    public double? SafeEps(double largestHessianEigenvalue) => radam.Groups[0].Options.Lr * largestHessianEigenvalue / Momentum.Threshold;

    /// <summary>
    /// What step <paramref name="step"/>'s step sizes share, once per step rather than per element (each needs a power):
    /// bc1, and when the step is rectified, r and sqrt(bc2).
    /// </summary>
    private static (double Bc1, bool Rectified, double R, double SqrtBc2) Scalars(RAdamOptions o, long step)
    {
        double bc1 = AdamDynamics<T>.BiasCorrection(o.Beta1, step); // 1 at step 0, so lr/bc1 is lr exactly
        if (step == 0) return (bc1, false, double.NaN, double.NaN); // the first step is never rectified
        double beta2Power = DeterministicMath.Pow(o.Beta2, step);
        double bc2 = 1 - beta2Power;
        double rhoInf = 2 / (1 - o.Beta2) - 1;
        double rhoT = rhoInf - 2 * (double)step * beta2Power / bc2;
        if (rhoT <= 5.0) return (bc1, false, double.NaN, double.NaN);
        double r = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        return (bc1, true, r, Math.Sqrt(bc2));
    }

    /// <summary>The step size for second moment v under a step's <paramref name="k"/>, and the denominator (sqrt(v̂)+eps, NaN while not rectified).</summary>
    private static (double StepSize, double Denominator) StepSize(RAdamOptions o, (double Bc1, bool Rectified, double R, double SqrtBc2) k, double v)
    {
        if (!k.Rectified) return (o.Lr / k.Bc1, double.NaN);
        // torch divides by sqrt(v) + eps and multiplies by sqrt(bc2): the denominator in v̂ terms is sqrt(v̂) + eps/sqrt(bc2).
        double denominator = (Math.Sqrt(v) + o.Eps) / k.SqrtBc2;
        return (o.Lr * k.R / (k.Bc1 * denominator), denominator);
    }
}
