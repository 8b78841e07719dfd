namespace OptimizerLab.Optimizers;

/// <summary>
/// How an optimizer looks to the lab's stability analysis: near a minimum, with a gradient g ≈ 0, it acts as
/// preconditioned gradient descent with momentum, θ ← θ − D·(its momentum of g) with D = diag(d_i). Linearised on a
/// quadratic with Hessian H it is stable while the preconditioned sharpness S = λ_max(D^½·H·D^½) stays below a threshold
/// fixed by its momentum form. When its d_i grow while the gradient is ~0 (a second moment that decays), S crosses the
/// threshold and the loss rebounds.
/// </summary>
/// <remarks>
/// An optimizer implements this in its own file. Its step sizes d_i include everything that multiplies the (averaged)
/// gradient: lr, bias corrections, the adaptive denominator. Anything that changes the threshold but varies with the step
/// (NAdam's momentum schedule) is folded into d_i, so that the momentum form, and with it the threshold, stays fixed.
/// An optimizer whose steps cannot grow on a plateau (Adagrad, Lion) returns <see cref="NoPlateauInstability"/> with the
/// one sentence saying why; the lab prints that sentence instead of a prediction.
/// </remarks>
public interface IOptimizerDynamics
{
    /// <summary>Null when the optimizer can be read as preconditioned gradient descent; otherwise one sentence saying why it has no plateau instability.</summary>
    string? StableBecause { get; }

    /// <summary>
    /// The momentum form of its update for the current options (the first group's): the plateau is unstable once
    /// S = λ_max(D^½·H·D^½) reaches <see cref="MomentumForm.Threshold"/> (2 for plain gradient descent, 38 for Adam's EMA
    /// with β1 = 0.9), and the unstable mode then grows by <see cref="MomentumForm.Amplification"/> per step.
    /// </summary>
    MomentumForm Momentum { get; }

    /// <summary>The eps added to the adaptive denominators (a step is at most lr/eps), or NaN without one.</summary>
    double DenominatorEps { get; }

    /// <summary>
    /// Fills, for every parameter value in <see cref="IOptimizer{T}.Parameters"/> order, the step size d_i of the step just
    /// taken (or the first step, before any), and the adaptive denominator it divides by (sqrt(v̂)+eps; NaN without one).
    /// </summary>
    void ReadStepSizes(Span<double> stepSizes, Span<double> denominators);

    /// <summary>
    /// A frozen copy of what sets the step sizes, projected over future steps on which the gradient stays ~0 (the state is
    /// copied: stepping the optimizer afterwards does not change the projection).
    /// </summary>
    IStepSizeProjection ProjectStepSizes();

    /// <summary>
    /// The eps above which no coordinate's step can bring S to the threshold on a problem whose Hessian has largest
    /// eigenvalue <paramref name="largestHessianEigenvalue"/> (eps caps every d_i), or null when eps caps no step.
    /// </summary>
    double? SafeEps(double largestHessianEigenvalue);
}

/// <summary>The step sizes an optimizer will use if the gradient stays ~0 from its current step on.</summary>
public interface IStepSizeProjection
{
    /// <summary>The optimizer's step count when the projection was made.</summary>
    long StartStep { get; }

    /// <summary>The learning rate the projection is made at (the first group's, as the state was frozen).</summary>
    double Lr { get; }

    /// <summary>
    /// Fills the step sizes of optimizer step <paramref name="step"/> (≥ <see cref="StartStep"/>; at <see cref="StartStep"/>
    /// the ones <see cref="IOptimizerDynamics.ReadStepSizes"/> gives) at the learning rate <see cref="Lr"/>. Every d_i is
    /// proportional to the lr, so a schedule scales them by lr(s)/<see cref="Lr"/>. The lab's forecast assumes S only grows
    /// with <paramref name="step"/>, as it does when every d_i does.
    /// </summary>
    void StepSizesAt(long step, Span<double> stepSizes);

    /// <summary>
    /// The momentum form that step <paramref name="step"/>'s unstable mode grows by, given the form <paramref name="form"/>
    /// whose threshold the step sizes are read against (the dynamics' <see cref="IOptimizerDynamics.Momentum"/>, or a
    /// schedule's): <paramref name="form"/> itself, unless the optimizer folds into its d_i a mix of gradient and buffer
    /// that moves with the step (NAdam). Such a form has the same threshold but grows at another rate past it.
    /// </summary>
    MomentumForm GrowthForm(long step, MomentumForm form);
}

/// <summary>The dynamics of an optimizer whose steps cannot grow on a plateau: it states why, and has nothing to read.</summary>
/// <param name="Because">One sentence: why the optimizer has no plateau instability.</param>
public sealed record NoPlateauInstability(string Because) : IOptimizerDynamics
{
    /// <inheritdoc />
    public string? StableBecause => Because;

    /// <inheritdoc />
    public MomentumForm Momentum => throw NotReadable();

    /// <inheritdoc />
    public double DenominatorEps => double.NaN;

    /// <inheritdoc />
    public void ReadStepSizes(Span<double> stepSizes, Span<double> denominators) => throw NotReadable();

    /// <inheritdoc />
    public IStepSizeProjection ProjectStepSizes() => throw NotReadable();

    /// <inheritdoc />
    public double? SafeEps(double largestHessianEigenvalue) => null;

    private InvalidOperationException NotReadable() => new($"This optimizer is not read as preconditioned gradient descent: {Because}");
}
