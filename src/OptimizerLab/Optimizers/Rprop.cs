using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Rprop{T}"/> with torch's defaults (<c>torch.optim.Rprop</c>).</summary>
[TorchSignature("lr", "etas", "step_sizes", "maximize")]
public sealed record RpropOptions : OptimizerOptions
{
    /// <summary>torch's defaults: lr 1e-2 (the initial step size), etas (0.5, 1.2), step_sizes (1e-6, 50).</summary>
    public RpropOptions() => Lr = 1e-2;

    /// <summary>Factor of a step size whose gradient changed sign (torch's <c>etas[0]</c>), in (0, 1).</summary>
    [TorchOption(Tuple = "etas", Index = 0)]
    public double Etaminus { get; set; } = 0.5;

    /// <summary>Factor of a step size whose gradient kept its sign (torch's <c>etas[1]</c>), above 1.</summary>
    [TorchOption(Tuple = "etas", Index = 1)]
    public double Etaplus { get; set; } = 1.2;

    /// <summary>Smallest step size (torch's <c>step_sizes[0]</c>).</summary>
    [TorchOption(Tuple = "step_sizes", Index = 0)]
    public double StepSizeMin { get; set; } = 1e-6;

    /// <summary>Largest step size (torch's <c>step_sizes[1]</c>).</summary>
    [TorchOption(Tuple = "step_sizes", Index = 1)]
    public double StepSizeMax { get; set; } = 50;

    /// <summary>Maximise the objective instead of minimising it.</summary>
    public bool Maximize { get; set; }

    /// <inheritdoc />
    /// <remarks>torch checks lr and etas only; non-finite step sizes are refused here as every non-finite hyper-parameter is.</remarks>
    protected override void ValidateAfterLr()
    {
        if (!(0.0 < Etaminus && Etaminus < 1.0 && 1.0 < Etaplus && double.IsFinite(Etaplus)))
            throw new ArgumentOutOfRangeException("etas", (Etaminus, Etaplus),
                $"Invalid eta values: {PythonFloat.Repr(Etaminus)}, {PythonFloat.Repr(Etaplus)}");
        Check.Finite(StepSizeMin, "step_sizes", "Invalid step_sizes value at index 0");
        Check.Finite(StepSizeMax, "step_sizes", "Invalid step_sizes value at index 1");
    }
}

/// <summary>State of <see cref="Rprop{T}"/> for one parameter.</summary>
public sealed class RpropState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal RpropState(int length, T initialStepSize) : base(length, "prev", "step_size") => Array.Fill(StepSize, initialStepSize);

    /// <summary>The previous step's gradient, zero where its sign had changed.</summary>
    public T[] Prev => Buffer("prev");

    /// <summary>Each element's step size, starting at lr.</summary>
    public T[] StepSize => Buffer("step_size");
}

/// <summary>
/// Rprop, resilient backpropagation (Riedmiller and Braun, 1993), exactly as <c>torch.optim.Rprop</c> computes it
/// (single-tensor path). Each element moves by its own step size against the sign of its gradient; lr is only the
/// first step size, so after the first step the run no longer depends on it.
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, etas (η−, η+), step_sizes (Γmin, Γmax), maximize
/// prev0 = 0, s0 = γ
/// for t = 1, 2, ...:
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     per element: f = η+ where g·prev &gt; 0, η− where g·prev &lt; 0, else 1     (the product in T, as torch)
///     s = clamp(s·f, Γmin, Γmax)
///     g = 0 where f = η−
///     θ = θ - sign(g)·s
///     prev = g
/// </code>
/// Rprop has no weight decay in torch (1.13 or 2.x).
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class Rprop<T>(IEnumerable<ParamGroup<T, RpropOptions>> groups)
    : Optimizer<T, RpropOptions, RpropState<T>>("Rprop", groups, (p, o) => new(p.Length, T.CreateTruncating(o.Lr)))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rprop over one group of parameters (default options: torch's).</summary>
    public Rprop(IEnumerable<Parameter<T>> parameters, RpropOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics { get; } = new NoPlateauInstability(
        "Rprop steps by its own step sizes against the sign of the gradient, whatever the gradient's size, and shrinks a step size at every sign change, so near a minimum its steps shrink towards step_sizes[0] instead of growing on a plateau.");

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, RpropState<T> state, RpropOptions o)
    {
        var scalars = new RpropScalars<T>
        {
            Opening = OpeningScalars<T>.NoDecay(o.Maximize),
            Etaminus = T.CreateTruncating(o.Etaminus),
            Etaplus = T.CreateTruncating(o.Etaplus),
            StepSizeMin = T.CreateTruncating(o.StepSizeMin),
            StepSizeMax = T.CreateTruncating(o.StepSizeMax),
        };
        KernelDispatch.RunElementwise(scalars, parameter.Value, parameter.Grad, state.Prev, state.StepSize);
    }
}
