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
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class NAdam<T>(IEnumerable<ParamGroup<T, NAdamOptions>> groups)
    : Optimizer<T, NAdamOptions, NAdamState<T>>("NAdam", groups, (p, _) => new(p.Length))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>NAdam over one group of parameters (default options: torch's).</summary>
    public NAdam(IEnumerable<Parameter<T>> parameters, NAdamOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics => new NAdamDynamics<T>(this);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, NAdamState<T> state, NAdamOptions o)
    {
        double step = state.Step;
        double biasCorrection2 = 1 - DeterministicMath.Pow(o.Beta2, state.Step);
        double mu = o.Beta1 * (1.0 - 0.5 * DeterministicMath.Pow(0.96, step * o.MomentumDecay));
        double muNext = o.Beta1 * (1.0 - 0.5 * DeterministicMath.Pow(0.96, (step + 1) * o.MomentumDecay));

        // torch: mu_product *= mu, a T-by-T multiplication of the 0-d tensor by mu rounded to T.
        T muProduct = state.MuProduct[0] * T.CreateTruncating(mu);
        state.MuProduct[0] = muProduct;
        double muProductValue = double.CreateTruncating(muProduct);
        double muProductNext = muProductValue * muNext;

        var scalars = new NAdamScalars<T>
        {
            Opening = OpeningScalars<T>.Of(o.Maximize, o.Lr, o.WeightDecay, decoupled: o.DecoupledWeightDecay),
            Moments = AdamMoments<T>.Of(o.Beta1, o.Beta2),
            BiasCorrection2 = T.CreateTruncating(biasCorrection2),
            Eps = T.CreateTruncating(o.Eps),
            GradCoefficient = T.CreateTruncating(-o.Lr * (1.0 - mu) / (1.0 - muProductValue)),
            ExpAvgCoefficient = T.CreateTruncating(-o.Lr * muNext / (1.0 - muProductNext)),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.ExpAvg, state.ExpAvgSq);
    }
}

/// <summary>
/// NAdam as preconditioned gradient descent with EMA momentum. Its step mixes the gradient and the momentum,
/// θ ← c·θ − (lr/denom)·(A·g + B·m) with A = (1 − μ_t)/(1 − Π_t), B = μ_{t+1}/(1 − Π_t·μ_{t+1}); linearised, that is stable
/// while (lr/denom)·h·(A(1 + β1) + B(1 − β1)) &lt; (1 + β1)(1 + c). The factor (A(1 + β1) + B(1 − β1))/(1 − β1), which moves
/// with the momentum schedule μ_t, is folded into d_i so that the threshold is Adam's: d_i = lr·F_t/(sqrt(v̂_i) + eps).
/// On a plateau v decays by β2 per step, so every d_i grows toward lr·F/eps.
/// </summary>
internal sealed class NAdamDynamics<T>(NAdam<T> nadam) : IOptimizerDynamics where T : unmanaged, IFloatingPointIeee754<T>
{
    public string? StableBecause => null;

    public MomentumForm Momentum
    {
        get
        {
            var o = nadam.Groups[0].Options;
            return MomentumForm.Ema(o.Beta1, o.WeightDecay != 0 && o.DecoupledWeightDecay ? 1 - o.Lr * o.WeightDecay : 1);
        }
    }

    public double DenominatorEps => nadam.Groups[0].Options.Eps;

    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators)
    {
        foreach (var (parameter, o, state, offset) in nadam.Values())
        {
            long step = Math.Max(state?.Step ?? 0, 1); // before any step: the first step's factors
            double muProduct = state is null ? Mu(o, 1) : double.CreateTruncating(state.MuProduct[0]);
            double factor = Factor(o, step, muProduct);
            double bc2 = AdamDynamics<T>.BiasCorrection(o.Beta2, step);
            for (int i = 0; i < parameter.Length; i++)
            {
                double v = state is null ? 0 : double.CreateTruncating(state.ExpAvgSq[i]);
                double denominator = Math.Sqrt(v / bc2) + o.Eps;
                denominators[offset + i] = denominator;
                stepSizes[offset + i] = o.Lr * factor / denominator;
            }
        }
    }

    public IStepSizeProjection ProjectStepSizes()
    {
        var frozen = nadam.Freeze(s => s.ExpAvgSq, s => s.MuProduct);
        double[] v = frozen.Buffers[0];
        double[] muProducts = frozen.Buffers[1]; // each parameter's Π_t sits at its first value's index
        var products = frozen.Segments.Select(g => new MuProducts(g.Options, g.Step, g.Step == 0 ? 1 : muProducts[g.Offset])).ToArray();
        return new StepSizeProjection(frozen.StepsTaken, frozen.Lr, (step, d) =>
        {
            for (int g = 0; g < frozen.Segments.Count; g++)
            {
                var (o, start, offset, length) = frozen.Segments[g];
                long s = Math.Max(start + (step - frozen.StepsTaken), 1);
                double factor = Factor(o, s, products[g].At(s));
                double decay = DeterministicMath.Pow(o.Beta2, s - Math.Max(start, 1));
                double bc2 = AdamDynamics<T>.BiasCorrection(o.Beta2, s);
                for (int i = offset; i < offset + length; i++) d[i] = o.Lr * factor / (Math.Sqrt(v[i] * decay / bc2) + o.Eps);
            }
        }, (step, form) =>
        {
            // The first parameter's step stands for all, as the threshold form is the first group's.
            var (o, start, _, _) = frozen.Segments[0];
            long s = Math.Max(start + (step - frozen.StepsTaken), 1);
            var (gradient, buffer) = Weights(o, s, products[0].At(s));
            double factor = Fold(o, gradient, buffer);
            return form with { GradientWeight = gradient / factor, BufferWeight = buffer / factor };
        });
    }

    public double? SafeEps(double largestHessianEigenvalue)
    {
        var o = nadam.Groups[0].Options;
        var state = nadam.Values().Select(p => p.State).FirstOrDefault(s => s is not null);
        long step = Math.Max(state?.Step ?? 0, 1);
        double factor = Factor(o, step, state is null ? Mu(o, 1) : double.CreateTruncating(state.MuProduct[0]));
        return o.Lr * factor * largestHessianEigenvalue / Momentum.Threshold;
    }

    /// <summary>
    /// Π_s = Π_start·μ_(start+1)·…·μ_s for the steps a projection asks for, in any order: the products are kept as they are
    /// first multiplied out, so each μ is computed once per projection rather than once per projected step. Π underflows to
    /// 0 within a few thousand steps (μ ≤ β1 &lt; 1), so the list stays short.
    /// </summary>
    private sealed class MuProducts(NAdamOptions o, long start, double atStart)
    {
        private readonly List<double> _products = [atStart]; // _products[j] = Π_(start + j)

        public double At(long s)
        {
            long j = s - start;
            while (_products.Count <= j && _products[^1] > 1e-300) _products.Add(_products[^1] * Mu(o, start + _products.Count));
            double muProduct = j < _products.Count ? _products[(int)j] : _products[^1];
            return muProduct <= 1e-300 ? 0 : muProduct;
        }
    }

    /// <summary>μ_t = β1·(1 − 0.5·0.96^(t·ψ)), as the optimizer computes it.</summary>
    private static double Mu(NAdamOptions o, long t) => o.Beta1 * (1.0 - 0.5 * DeterministicMath.Pow(0.96, t * o.MomentumDecay));

    /// <summary>(A(1 + β1) + B(1 − β1))/(1 − β1) at step t with Π_t = <paramref name="muProduct"/>.</summary>
    private static double Factor(NAdamOptions o, long t, double muProduct)
    {
        var (a, b) = Weights(o, t, muProduct);
        return Fold(o, a, b);
    }

    /// <summary>The weights of the gradient and of the momentum in step t's update: A = (1 − μ_t)/(1 − Π_t), B = μ_(t+1)/(1 − Π_t·μ_(t+1)).</summary>
    private static (double Gradient, double Buffer) Weights(NAdamOptions o, long t, double muProduct)
    {
        double mu = Mu(o, t), muNext = Mu(o, t + 1);
        return ((1 - mu) / (1 - muProduct), muNext / (1 - muProduct * muNext));
    }

    /// <summary>
    /// The factor F = (A(1 + β1) + B(1 − β1))/(1 − β1) folded into d_i: with it the threshold is Adam's EMA's. The update's
    /// own form, in the folded d_i, weighs the gradient by A/F and the momentum by B/F: the same threshold, but it grows
    /// slower past it than the EMA (μ_t is ~0.5 for thousands of steps, so the update is mostly a gradient step).
    /// </summary>
    private static double Fold(NAdamOptions o, double a, double b) => (a * (1 + o.Beta1) + b * (1 - o.Beta1)) / (1 - o.Beta1);
}
