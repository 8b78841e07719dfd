using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Optimizers;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Property 4: AMSGrad does not rebound on the same problems. Its step sizes d_i = lr/(bc1·(sqrt(v_max,i/bc2) + eps)) can
/// only grow through the bias corrections once v_max stops growing: v_max never falls and bc1 only rises, so
/// d_i(t) ≤ d_i(p)/sqrt(bc2(p)) for every t after the plateau p, and with it the sharpness S(t) ≤ S(p)/sqrt(bc2(p))
/// (λ_max(D^½HD^½) grows with every d_i). Plain Adam breaks the per-coordinate cap as soon as v decays.
/// When that cap is below the threshold AMSGrad can never turn unstable. (When the plateau comes so early that bc2(p) is
/// small, the cap can exceed the threshold and AMSGrad does rebound: see <see cref="ReplayCases"/>.)
/// </summary>
public class AmsgradProperties
{
    /// <summary>Rounding in the state and step sizes: v_max is stored in T (float32: 2⁻²⁴ relative), d is computed from it in double.</summary>
    private const double CapSlack = 1e-6;

    [SeededProperty(Arbitrary = [typeof(Arbitraries)], Cases = 6)]
    public Property Amsgrad_steps_stay_under_their_cap_and_below_the_threshold_it_does_not_rebound(ReboundCase c, bool float32)
    {
        var options = new AdamOptions { Lr = c.Lr, Amsgrad = true };
        double worstRatio = 0; // max over samples and coordinates of d_i(t)·sqrt(bc2(p))/d_i(p)
        int worstStep = -1;
        PlateauState? plateauState = null;
        int Horizon(PlateauState s)
        {
            plateauState = s;
            return HorizonWhereAdamWouldRebound(s, options);
        }

        void Compare(int t, double[] stepSizes)
        {
            var s = plateauState!.Value;
            for (int i = 0; i < stepSizes.Length; i++)
            {
                double ratio = stepSizes[i] * Math.Sqrt(s.BiasCorrection2) / s.StepSizes[i];
                if (ratio > worstRatio) (worstRatio, worstStep) = (ratio, t);
            }
        }

        var run = float32
            ? AdamRun.Run<float>("amsgrad float32", c.Problem, options, Horizon, sharpnessEvery: 100, onStepSizes: Compare)
            : AdamRun.Run<double>("amsgrad float64", c.Problem, options, Horizon, sharpnessEvery: 100, onStepSizes: Compare);
        if (run.AtPlateau is not { } plateau) return false.Label($"reached the plateau: {run.Report()}");

        double threshold = Mechanism.Threshold(options.Beta1);
        double cap = plateau.Sharpness / Math.Sqrt(plateau.BiasCorrection2);
        bool capped = worstRatio <= 1 + CapSlack;
        bool noRebound = cap >= threshold || run.Rebound is null;
        return capped.Label($"every d_i(t) ≤ d_i(p)/sqrt(bc2(p)); worst ratio {worstRatio:R} at step {worstStep}: {run.Report()}")
            .And(noRebound.Label($"sharpness cap S(p)/sqrt(bc2(p)) = {cap:G4} < threshold {threshold} ⇒ no rebound within {run.Horizon}: {run.Report()}"))
            .Classify(cap >= threshold, "cap above the threshold (AMSGrad may rebound)");
    }

    /// <summary>
    /// Watch AMSGrad for as long as Adam would need from the same state: the forecast crossing of Adam started from AMSGrad's
    /// plateau state (v = v_max, which only makes Adam later), plus the longest growth lag.
    /// </summary>
    private static int HorizonWhereAdamWouldRebound(PlateauState s, AdamOptions o) =>
        Horizons.AdamForecastPlusLag(s, o with { Amsgrad = false });
}
