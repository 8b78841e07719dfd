using System.Numerics;
using OptimizerLab.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Optimizers;

/// <summary>State of <see cref="RmsProp{T}"/> for one parameter.</summary>
public sealed class RmsPropState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal RmsPropState(int length, bool momentum, bool centered)
        : base(length, ["square_avg", .. momentum ? ["momentum_buffer"] : Array.Empty<string>(), .. centered ? ["grad_avg"] : Array.Empty<string>()])
    {
    }

    /// <summary>Running average v of g².</summary>
    public T[] SquareAvg => Buffer("square_avg");

    /// <summary>Momentum buffer b (momentum &gt; 0 only; empty otherwise).</summary>
    public T[] MomentumBuffer => Buffer("momentum_buffer");

    /// <summary>Running average of g (centered only; empty otherwise).</summary>
    public T[] GradAvg => Buffer("grad_avg");
}

/// <summary>
/// RMSprop (Hinton's lecture notes; centered form after Graves, 2013) exactly as <c>torch.optim.RMSprop</c> computes it
/// (single-tensor path).
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, alpha α, eps ε, weight_decay λ, momentum μ, centered, maximize
/// v0 = 0, b0 = 0, g_avg0 = 0
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     if λ ≠ 0: g = g + λ·θ
///     v = α·v + (1 - α)·g²
///     if centered: g_avg = lerp(g_avg, g, 1 - α); denom = sqrt(v - g_avg²) + ε
///     else:        denom = sqrt(v) + ε
///     if μ &gt; 0: b = μ·b + g/denom; θ = θ - γ·b
///     else:      θ = θ - γ·g/denom
/// </code>
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class RmsProp<T>(IEnumerable<ParamGroup<T, RmsPropOptions>> groups)
    : Optimizer<T, RmsPropOptions, RmsPropState<T>>("RMSprop", groups, (p, o) => new(p.Length, o.Momentum > 0, o.Centered))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>RMSprop over one group of parameters (default options: torch's).</summary>
    public RmsProp(IEnumerable<Parameter<T>> parameters, RmsPropOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics => new RmsPropDynamics<T>(this);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, RmsPropState<T> state, RmsPropOptions o)
    {
        // torch creates these buffers with the state and fails (KeyError) when they are missing later.
        if (o.Momentum > 0 && state.MomentumBuffer.Length != parameter.Length)
            throw new InvalidOperationException($"Parameter '{parameter.Name}' has RMSprop state without momentum_buffer: momentum cannot be switched on after the first step.");
        if (o.Centered && state.GradAvg.Length != parameter.Length)
            throw new InvalidOperationException($"Parameter '{parameter.Name}' has RMSprop state without grad_avg: centered cannot be switched on after the first step.");

        var scalars = new RmsPropScalars<T>
        {
            Opening = OpeningScalars<T>.Coupled(o.Maximize, o.WeightDecay),
            Centered = o.Centered,
            Momentum = o.Momentum > 0,
            Alpha = T.CreateTruncating(o.Alpha),
            OneMinusAlpha = T.CreateTruncating(1 - o.Alpha),
            Eps = T.CreateTruncating(o.Eps),
            MomentumFactor = T.CreateTruncating(o.Momentum),
            NegLr = T.CreateTruncating(-o.Lr),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.SquareAvg, state.GradAvg, state.MomentumBuffer);
    }
}

/// <summary>
/// RMSprop as preconditioned gradient descent: d_i = lr/(sqrt(v_i) + eps) (centered: sqrt(v_i − ḡ_i²) + eps), without bias
/// correction; threshold 2 without momentum, heavy ball's 2 + 2μ with it (b = μ·b + g/denom, θ ← θ − lr·b). On a plateau
/// v decays by alpha per step (and ḡ by alpha, so ḡ² by alpha²), so every d_i grows toward lr/eps.
/// </summary>
internal sealed class RmsPropDynamics<T>(RmsProp<T> rmsprop) : IOptimizerDynamics where T : unmanaged, IFloatingPointIeee754<T>
{
    public string? StableBecause => null;

    public MomentumForm Momentum => MomentumForm.HeavyBall(rmsprop.Groups[0].Options.Momentum, 0);

    public double DenominatorEps => rmsprop.Groups[0].Options.Eps;

    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators)
    {
        foreach (var (parameter, o, state, offset) in rmsprop.Values())
        {
            for (int i = 0; i < parameter.Length; i++)
            {
                double v = state is null ? 0 : double.CreateTruncating(state.SquareAvg[i]);
                double mean = state is null || !o.Centered ? 0 : double.CreateTruncating(state.GradAvg[i]);
                double denominator = Denominator(o, v, mean * mean);
                denominators[offset + i] = denominator;
                stepSizes[offset + i] = o.Lr / denominator;
            }
        }
    }

    public IStepSizeProjection ProjectStepSizes()
    {
        var frozen = rmsprop.Freeze(s => s.SquareAvg, s => s.GradAvg);
        double[] v = frozen.Buffers[0], mean = frozen.Buffers[1];
        return new StepSizeProjection(frozen.StepsTaken, frozen.Lr, (step, d) =>
        {
            foreach (var (o, start, offset, length) in frozen.Segments)
            {
                double decay = DeterministicMath.Pow(o.Alpha, step - frozen.StepsTaken);
                for (int i = offset; i < offset + length; i++)
                    d[i] = o.Lr / Denominator(o, v[i] * decay, o.Centered ? mean[i] * mean[i] * decay * decay : 0);
            }
        });
    }

    public double? SafeEps(double largestHessianEigenvalue) => rmsprop.Groups[0].Options.Lr * largestHessianEigenvalue / Momentum.Threshold;

    private static double Denominator(RmsPropOptions o, double v, double meanSquared) => Math.Sqrt(Math.Max(v - meanSquared, 0)) + o.Eps;
}
