namespace OptimizerLab.Analysis;

/// <summary>
/// What the lab records at a diagnostics step t (after the optimizer's step t+1 was taken, whose loss is loss[t]).
/// Values an optimizer or problem cannot provide are NaN.
/// </summary>
/// <param name="Step">The step index t (0-based, as the loss table).</param>
/// <param name="Lr">The learning rate of the first group used for this step.</param>
/// <param name="GradNorm">Euclidean norm of the gradient over all parameters.</param>
/// <param name="UpdateNorm">Euclidean norm of the parameter change made by the step.</param>
/// <param name="EffectiveStep">UpdateNorm / GradNorm: how far the optimizer moved per unit of gradient.</param>
/// <param name="DenomMin">Adam family: smallest sqrt(v̂)+eps over coordinates.</param>
/// <param name="DenomMedian">Adam family: median of sqrt(v̂)+eps.</param>
/// <param name="DenomMax">Adam family: largest sqrt(v̂)+eps.</param>
/// <param name="EpsDominatedShare">Adam family: share of coordinates where eps exceeds sqrt(v̂).</param>
/// <param name="Sharpness">Preconditioned sharpness λ_max(D^½ H D^½), D the per-coordinate step sizes; NaN when not measured.</param>
public readonly record struct DiagnosticsRow(
    int Step,
    double Lr,
    double GradNorm,
    double UpdateNorm,
    double EffectiveStep,
    double DenomMin,
    double DenomMedian,
    double DenomMax,
    double EpsDominatedShare,
    double Sharpness);
