using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Asgd{T}"/> with torch's defaults (<c>torch.optim.ASGD</c>).</summary>
[TorchSignature("lr", "lambd", "alpha", "t0", "weight_decay", "maximize")]
public sealed record AsgdOptions : DecayOptions
{
    /// <summary>torch's defaults: lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6, no weight decay.</summary>
    public AsgdOptions() => Lr = 1e-2;

    /// <summary>λ: the decay term of η and of θ's shrinking, θ·(1 − λ·η).</summary>
    public double Lambd { get; set; } = 1e-4;

    /// <summary>α: the power of the step size's decay, η_t = lr/(1 + λ·lr·t)^α.</summary>
    public double Alpha { get; set; } = 0.75;

    /// <summary>The step after which averaging starts: μ_t = 1/max(1, t − t0).</summary>
    public double T0 { get; set; } = 1e6;

    /// <inheritdoc />
    /// <remarks>torch 2.x's checks (1.13 checked lr and weight_decay only); t0 is not checked by torch and must be finite here, as every hyper-parameter.</remarks>
    protected override void ValidateAfterLr()
    {
        Check.NonNegative(Lambd, "lambd");
        Check.NonNegative(Alpha, "alpha");
        Check.NonNegative(WeightDecay, "weight_decay");
        Check.Finite(T0, "t0");
    }
}

/// <summary>State of <see cref="Asgd{T}"/> for one parameter.</summary>
/// <remarks>
/// torch keeps η and μ as 0-d tensors of its default dtype, float32, whatever the parameter's dtype: a float64 parameter
/// steps with η rounded to float32. Here they are one-element buffers of T under torch's keys holding those float32
/// values, so float64 runs match torch's (under <c>torch.set_default_dtype(torch.float64)</c> torch would keep them in double).
/// </remarks>
public sealed class AsgdState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal AsgdState(int length, double lr)
        : base(("eta", [T.CreateTruncating((float)lr)]), ("mu", [T.One]), ("ax", new T[length]))
    {
    }

    /// <summary>One element: the step size η of the next step, starting at lr.</summary>
    public T[] Eta => Buffer("eta");

    /// <summary>One element: the averaging weight μ of the next step, starting at 1 (copy).</summary>
    public T[] Mu => Buffer("mu");

    /// <summary>The running average of θ (a copy of θ until averaging starts after step t0).</summary>
    public T[] Ax => Buffer("ax");
}

/// <summary>
/// ASGD, averaged stochastic gradient descent (Polyak and Juditsky, 1992), exactly as <c>torch.optim.ASGD</c> computes
/// it (single-tensor path, the CPU default in 1.13 and 2.x). The parameters follow SGD with a decaying step size; the
/// average <c>ax</c>, kept in the state, is the estimate the method is named for (torch does not copy it into θ).
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, lambd λ, alpha α, t0, weight_decay w, maximize
/// η = γ (float32), μ = 1, ax = 0
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     if w ≠ 0: g = g + w·θ
///     θ = θ·(1 - λ·η)
///     θ = θ - η·g
///     ax = μ ≠ 1 ? ax + (θ - ax)·μ : θ
///     η = float32(γ / (1 + λ·γ·t)^α)            (in double, DeterministicMath.Pow; γ is the group's lr now)
///     μ = float32(1 / max(1, t - t0))
/// </code>
/// torch 2.x's foreach path (the default on GPUs) writes θ·(1 − λη) − ηg as θ − η·(g + λθ), equal up to rounding.
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class Asgd<T>(IEnumerable<ParamGroup<T, AsgdOptions>> groups)
    : Optimizer<T, AsgdOptions, AsgdState<T>>("ASGD", groups, (p, o) => new(p.Length, o.Lr))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>ASGD over one group of parameters (default options: torch's).</summary>
    public Asgd(IEnumerable<Parameter<T>> parameters, AsgdOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics { get; } = new NoPlateauInstability(
        "ASGD is gradient descent whose step size η = lr/(1 + lambd·lr·t)^alpha, the same for every coordinate, only shrinks, so a plateau that is stable stays stable.");

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, AsgdState<T> state, AsgdOptions o)
    {
        double eta = double.CreateTruncating(state.Eta[0]);
        double mu = double.CreateTruncating(state.Mu[0]);
        var scalars = new AsgdScalars<T>
        {
            Opening = OpeningScalars<T>.Coupled(o.Maximize, o.WeightDecay),
            Average = mu != 1,
            DecayFactor = T.CreateTruncating(1 - o.Lambd * eta),
            NegEta = T.CreateTruncating(-eta),
            Mu = T.CreateTruncating(mu),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.Ax);

        double t = state.Step;
        state.Eta[0] = T.CreateTruncating((float)(o.Lr / DeterministicMath.Pow(1 + o.Lambd * o.Lr * t, o.Alpha)));
        state.Mu[0] = T.CreateTruncating((float)(1 / Math.Max(1, t - o.T0)));
    }
}
