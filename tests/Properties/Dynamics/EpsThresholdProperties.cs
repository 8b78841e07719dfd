using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Property 5: the eps threshold. Every step size is at most lr/(bc1·eps), so S = λ_max(D^½HD^½) ≤ lr·λ_max(H)/(bc1·eps):
/// with eps above the safe eps lr·λ_max(H)/threshold the sharpness stays below the threshold for good (bc1 → 1 long
/// before the plateau) and Adam cannot rebound; with eps well below it the decay of v still carries S over the threshold.
/// </summary>
public class EpsThresholdProperties
{
    [SeededProperty(Arbitrary = [typeof(Arbitraries)], Cases = 6)]
    public Property Eps_above_the_safe_eps_prevents_the_rebound_and_eps_well_below_it_does_not(EpsCase c)
    {
        var problem = c.Problem.Build<double>();
        double lambdaMax = PowerIteration.LargestEigenvalue(problem.Hessian);
        double threshold = Mechanism.Threshold(new AdamOptions().Beta1);
        double safeEps = c.Lr * lambdaMax / threshold;
        var options = new AdamOptions { Lr = c.Lr, Eps = c.Factor * safeEps };
        string setting = $"eps={options.Eps:G4} = {c.Factor}×safe eps {safeEps:G4}";

        if (c.Factor > 1)
        {
            // Watched for as long as Adam with torch's default eps needs from the same state, and then some.
            var run = AdamRun.Run<double>("large eps", c.Problem, options,
                s => Horizons.AdamForecastPlusLag(s, options with { Eps = new AdamOptions().Eps }), sharpnessEvery: 50);
            bool plateau = run.Plateau is not null;
            bool belowThreshold = run.MaxSharpnessAfterPlateau < threshold;
            return plateau.Label($"reached the plateau with {setting}: {run.Report()}")
                .And(belowThreshold.Label($"sharpness stays below {threshold} with {setting}: {run.Report()}"))
                .And((run.Rebound is null).Label($"no rebound with {setting}: {run.Report()}"))
                .Classify(true, "eps above the safe eps");
        }

        var small = AdamRun.Run<double>("small eps", c.Problem, options, s => AdamReboundProperties.Horizon(s, options));
        return AdamReboundProperties.ReboundsInTime(small).Label(setting).Classify(true, "eps below the safe eps");
    }
}
