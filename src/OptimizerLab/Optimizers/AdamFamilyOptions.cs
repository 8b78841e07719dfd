namespace OptimizerLab.Optimizers;

/// <summary>
/// The options Adam, Adamax, NAdam and RAdam share: <see cref="BetasOptions"/> and <c>eps</c>, at the positions they
/// hold in each of torch's four signatures (lr, betas, eps, weight_decay, …, maximize).
/// </summary>
public abstract record AdamFamilyOptions : BetasOptions
{
    /// <summary>Added to the denominator, so it is never below eps.</summary>
    public double Eps { get; set; } = 1e-8;

    /// <inheritdoc />
    /// <remarks>torch's order of checks: lr, eps, betas, weight_decay.</remarks>
    protected override void ValidateAfterLr()
    {
        Check.NonNegative(Eps, "eps");
        base.ValidateAfterLr();
    }
}
