using System.Numerics;
using System.Text.Json.Serialization;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="SparseAdam{T}"/> with torch's defaults (<c>torch.optim.SparseAdam</c>): no weight decay, no amsgrad.</summary>
[TorchSignature("lr", "betas", "eps", "maximize")]
public sealed record SparseAdamOptions : OptimizerOptions
{
    /// <summary>torch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8.</summary>
    public SparseAdamOptions() => Lr = 1e-3;

    /// <summary>Coefficient of the running average of the gradient (torch's <c>betas[0]</c>).</summary>
    [TorchOption(Tuple = "betas", Index = 0)]
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Coefficient of the running average of the squared gradient (torch's <c>betas[1]</c>).</summary>
    [TorchOption(Tuple = "betas", Index = 1)]
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Added to the denominator; torch requires it positive.</summary>
    public double Eps { get; set; } = 1e-8;

    /// <summary>Maximise the objective instead of minimising it.</summary>
    public bool Maximize { get; set; }

    /// <inheritdoc />
    [JsonIgnore] // System.Text.Json does not inherit the base property's attribute on an override.
    public override double? CyclicMomentum
    {
        get => Beta1;
        set => Beta1 = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc />
    /// <remarks>
    /// torch's checks in its order: lr, eps &gt; 0 (strictly, unlike Adam's), then betas. torch's constructor also refuses
    /// lr = 0, but a schedule may bring lr to 0 later and torch steps with it; options are checked before every step
    /// here, so lr = 0 is accepted, as a schedule's last value.
    /// </remarks>
    protected override void ValidateAfterLr()
    {
        if (!(Eps > 0) || double.IsInfinity(Eps)) Check.Fail(Eps, "eps");
        Check.Betas(Beta1, Beta2);
    }
}

/// <summary>
/// SparseAdam as <c>torch.optim.SparseAdam</c> computes it: the lazy Adam for sparse gradients, where only the rows
/// a step touched have their moments and values updated. torch takes a sparse gradient; here the gradient is dense
/// and a row (a slice along the first dimension of <see cref="Parameter{T}.Shape"/>, one element of a vector) counts as
/// touched when its gradient is not all zero, which is what a minibatch problem gives for the rows its batch does not
/// use and what an <c>nn.Embedding(sparse=True)</c> gradient lists.
/// </summary>
/// <remarks>
/// <code>
/// input: lr, betas (β1, β2), eps, maximize
/// m0 = 0, v0 = 0
/// for t = 1, 2, ...:                                     (t counts steps of the parameter, touched rows or not)
///     g = maximize ? -∇f(θ) : ∇f(θ)
///     for each touched row, per element:
///         m = m + (g - m)·(1 - β1)
///         v = v + (g² - v)·(1 - β2)
///         θ = θ + (-lr·sqrt(1 - β2^t)/(1 - β1^t))·(m / (sqrt(v) + eps))
///     untouched rows keep m, v and θ
/// </code>
/// One difference from torch: a row that torch's sparse gradient lists with all-zero values (an embedding row looked up
/// whose gradient cancels exactly) is updated there (its moments decay) and skipped here, as a dense gradient cannot
/// tell it from a row not looked up.
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class SparseAdam<T>(IEnumerable<ParamGroup<T, SparseAdamOptions>> groups)
    : Optimizer<T, SparseAdamOptions, AdamState<T>>("SparseAdam", groups, (p, _) => new(p.Length, amsgrad: false))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>SparseAdam over one group of parameters (default options: torch's).</summary>
    public SparseAdam(IEnumerable<Parameter<T>> parameters, SparseAdamOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics => new SparseAdamDynamics<T>(this);

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, AdamState<T> state, SparseAdamOptions o)
    {
        // state.Step counts a step that touches no row too: torch counts it before looking at the gradient's indices.
        double biasCorrection1 = 1 - DeterministicMath.Pow(o.Beta1, state.Step);
        double biasCorrection2 = 1 - DeterministicMath.Pow(o.Beta2, state.Step);
        var scalars = new SparseAdamScalars<T>
        {
            Opening = OpeningScalars<T>.NoDecay(o.Maximize),
            Masked = false, // the kernel chooses by row length
            OneMinusBeta1 = T.CreateTruncating(1 - o.Beta1),
            OneMinusBeta2 = T.CreateTruncating(1 - o.Beta2),
            Eps = T.CreateTruncating(o.Eps),
            NegStepSize = T.CreateTruncating(-(o.Lr * Math.Sqrt(biasCorrection2) / biasCorrection1)),
        };
        SparseAdamKernel.Update(parameter.Value, parameter.Grad, state.ExpAvg, state.ExpAvgSq, RowLength(parameter), scalars);
    }

    /// <summary>Elements per row: the product of every dimension after the first (1 for a vector or a scalar).</summary>
    private static int RowLength(Parameter<T> parameter)
    {
        var shape = parameter.Shape;
        if (shape.Count < 2) return 1;
        int rowLength = 1;
        for (int d = 1; d < shape.Count; d++) rowLength *= shape[d];
        return rowLength;
    }
}

/// <summary>
/// SparseAdam read as preconditioned gradient descent on its first moment, like Adam on the rows it touches. torch's step
/// lr·√bc2/bc1 · m/(√v + eps) is m times d = lr/(bc1·(√v̂ + eps/√bc2)), v̂ = v/bc2. The projection assumes every row
/// stays touched (a tiny but nonzero gradient, as on the lab's dense problems), so that v decays by β2 per step.
/// </summary>
internal sealed class SparseAdamDynamics<T>(SparseAdam<T> optimizer) : IOptimizerDynamics where T : unmanaged, IFloatingPointIeee754<T>
{
    public string? StableBecause => null;

    public MomentumForm Momentum => MomentumForm.Ema(optimizer.Groups[0].Options.Beta1);

    public double DenominatorEps => optimizer.Groups[0].Options.Eps;

    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators)
    {
        foreach (var (parameter, o, state, offset) in optimizer.Values())
        {
            long step = state?.Step ?? 0;
            double bc1 = AdamDynamics<T>.BiasCorrection(o.Beta1, step);
            double sqrtBc2 = Math.Sqrt(AdamDynamics<T>.BiasCorrection(o.Beta2, step));
            for (int i = 0; i < parameter.Length; i++)
            {
                double v = state is null ? 0 : double.CreateTruncating(state.ExpAvgSq[i]);
                double denominator = Denominator(o, sqrtBc2, v);
                denominators[offset + i] = denominator;
                stepSizes[offset + i] = o.Lr / (bc1 * denominator);
            }
        }
    }

    public IStepSizeProjection ProjectStepSizes() => SegmentProjection.Of<SparseAdamOptions, PlateauStep>(optimizer.Freeze(s => s.ExpAvgSq));

    /// <summary>lr/(bc1·Denominator) at a projected step, v decaying by β2 per step.</summary>
    private readonly record struct PlateauStep(SparseAdamOptions O, double Decay, double Bc1, double SqrtBc2) : ISegmentStepSize<SparseAdamOptions, PlateauStep>
    {
        public static PlateauStep At(SparseAdamOptions o, long start, long step) =>
            new(o, DeterministicMath.Pow(o.Beta2, step - start), AdamDynamics<T>.BiasCorrection(o.Beta1, step),
                Math.Sqrt(AdamDynamics<T>.BiasCorrection(o.Beta2, step)));

        public double StepSize(double v) => O.Lr / (Bc1 * Denominator(O, SqrtBc2, v * Decay));
    }

    public double? SafeEps(double largestHessianEigenvalue) => optimizer.Groups[0].Options.Lr * largestHessianEigenvalue / Momentum.Threshold;

    /// <summary>
    /// (√v + eps)/√bc2 = √v̂ + eps/√bc2: eps weighs more than in Adam's √v̂ + eps while bc2 is small. √bc2 is the step's,
    /// computed once per step by the caller (it needs a power).
    /// </summary>
    private static double Denominator(SparseAdamOptions o, double sqrtBc2, double v) => (Math.Sqrt(v) + o.Eps) / sqrtBc2;
}
