using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Optimizers;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>Property 2: Adam rebounds after the near-zero plateau, in float32 and in float64 alike, so it is not rounding.</summary>
public class AdamReboundProperties
{
    [SeededProperty(Arbitrary = [typeof(Arbitraries)], Cases = 6)]
    public Property Adam_rebounds_after_the_plateau_within_the_worst_case_bound_in_float32_and_float64(ReboundCase c)
    {
        var options = new AdamOptions { Lr = c.Lr };
        var f32 = AdamRun.Run<float>("float32", c.Problem, options, s => Horizon(s, options));
        var f64 = AdamRun.Run<double>("float64", c.Problem, options, s => Horizon(s, options));
        return ReboundsInTime(f32).And(ReboundsInTime(f64))
            .Classify(f32.EndedStuck || f64.EndedStuck, "frozen on an exact floating-point fixed point");
    }

    /// <summary>
    /// The plateau is reached, and the rebound comes by the worst-case crossing plus the growth lag, delayed at most by the steps
    /// the iterate sat on a floating-point fixed point; or the run ends frozen on one (the computed gradient step no longer
    /// moves any parameter, so there is no perturbation for the instability to amplify).
    /// </summary>
    internal static Property ReboundsInTime(AdamRunResult run)
    {
        bool plateau = run.Plateau is not null;
        bool inTime = run.Rebound is int r ? r <= run.Horizon + run.StuckSteps : run.EndedStuck;
        return plateau.Label($"reached the plateau: {run.Report()}")
            .And(inTime.Label($"rebounded by horizon + stuck steps (or ended frozen): {run.Report()}"));
    }

    /// <summary>Worst-case steps from the plateau to the crossing, plus the most any unstable mode needs to grow into a rebound.</summary>
    internal static int Horizon(PlateauState s, AdamOptions o)
    {
        int crossing = Mechanism.WorstCaseStepsToCrossing(s.MaxSqrtVHat, o.Lr, o.Eps, o.Beta1, o.Beta2, s.LambdaMax, ReboundEvents.Threshold)
            ?? throw new InvalidOperationException($"eps={o.Eps} keeps the sharpness below the threshold: no rebound is due.");
        return crossing + Mechanism.GrowthLag(Mechanism.MaxAmplitudeGrowth, o.Beta1, o.Beta2, o.Eps, o.Lr * s.LambdaMax);
    }
}
