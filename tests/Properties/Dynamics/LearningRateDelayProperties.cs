using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Optimizers;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Property 3: a smaller lr delays the rebound, and the level after it scales roughly with lr². Stated from the same
/// plateau state: Adam runs with lr1 to the plateau, then continues once with lr1 and once with lr2 = lr1/r. The delay is
/// checked on the measured crossings (immune to rounding) and on the rebounds (each within the growth lag of its crossing,
/// later by any steps on which the loss sat still; see <see cref="ReboundPredictorProperties"/>).
/// </summary>
/// <remarks>
/// Why from the same state: the sharpness S ∝ lr/sqrt(v̂) (eps ≪ sqrt(v̂) near the crossing), so with the same v the smaller
/// lr needs v̂ to fall r² further, and v̂(t) ∝ β2^t/(1 − β2^t) on the plateau fixes how long that takes. Started from scratch,
/// a smaller lr also changes v at the plateau, often by about lr² on these small problems, and then the rebound need not
/// come later at all (see <see cref="ReplayCases"/>).
/// </remarks>
public class LearningRateDelayProperties
{
    /// <summary>Sharpness sampling interval: each measured crossing is at most this many steps after the real one.</summary>
    private const int SharpnessEvery = 25;

    /// <summary>The level is the mean loss over this many steps from the rebound: five time constants 1/(1 − β2) of v.</summary>
    private const int LevelWindow = 5000;

    /// <summary>
    /// At the edge of stability v settles where sqrt(v̂) ≈ lr·λ/threshold on the unstable coordinates, and v is the running mean
    /// of g², so the mean of |g|², and with it the mean loss, scales with lr². The bias correction still moving and which modes
    /// happen to be unstable shift the mean by up to a few times between two runs.
    /// </summary>
    private const double LevelFactor = 3;

    [SeededProperty(Arbitrary = [typeof(Arbitraries)], Cases = 4)]
    public Property A_smaller_lr_from_the_same_plateau_delays_the_rebound_by_the_decay_of_v_and_lowers_the_level_by_lr_squared(LrDelayCase c)
    {
        var problem = c.Problem.Build<double>();
        var adam = new Adam<double>(problem.Parameters, new AdamOptions { Lr = c.Lr });
        var toPlateau = AdamRun.Run("lr1 to the plateau", problem, adam, _ => 0);
        if (toPlateau.AtPlateau is not { } plateau) return false.Label($"reached the plateau: {toPlateau.Report()}");

        string state = adam.SaveState().ToJsonString();
        var values = problem.Parameters.Select(p => p.Value.ToArray()).ToArray();
        var first = Continue(c, c.Lr, "lr1", state, values, toPlateau, plateau);
        var second = Continue(c, c.SmallerLr, "lr2", state, values, toPlateau, plateau);
        bool frozen = first.EndedStuck || second.EndedStuck;
        if (first.Rebound is not int r1 || second.Rebound is not int r2)
        {
            return frozen.Label($"both rebound, unless frozen on a floating-point fixed point: {first.Report()} {second.Report()}")
                .Classify(frozen, "frozen on an exact floating-point fixed point");
        }

        if (first.Crossing is not int c1 || second.Crossing is not int c2)
            return false.Label($"both sharpnesses crossed the threshold: {first.Report()} | {second.Report()}");

        var defaults = new AdamOptions();
        double fall = (double)c.Ratio * c.Ratio;
        int predicted = DelayForVHatToFall(c1, fall, defaults.Beta2);
        // Each measured crossing lies up to one sample after the real one; lr2's real crossing is lr1's plus the decay time.
        int earliest = c1 - SharpnessEvery + DelayForVHatToFall(c1 - SharpnessEvery, fall, defaults.Beta2);
        int latest = c1 + predicted + SharpnessEvery;
        int lag = Mechanism.GrowthLag(Mechanism.MaxAmplitudeGrowth, defaults.Beta1, defaults.Beta2, defaults.Eps, c.SmallerLr * first.LambdaMax);
        int q1 = first.RepeatedLossSteps(c1 - SharpnessEvery, r1), q2 = second.RepeatedLossSteps(c2 - SharpnessEvery, r2);
        double level1 = Level(first.Loss, r1), level2 = Level(second.Loss, r2);
        double levelRatio = level1 / level2, expected = (double)c.Ratio * c.Ratio;
        string report = string.Create(CultureInfo.InvariantCulture,
            $"{c}: crossing {c1} → {c2} (delay {c2 - c1}, predicted {predicted}); rebound {r1} → {r2} (delay {r2 - r1}); lag {lag}, " +
            $"repeated-loss steps {q1}/{q2}; level {level1:G3} → {level2:G3} (ratio {levelRatio:G3}, r² = {expected}) | {first.Report()} | {second.Report()}");
        bool crossingDelay = c2 >= earliest && c2 <= latest;
        bool reboundDelay = r2 - r1 >= predicted - SharpnessEvery - lag - q1 && r2 - r1 <= predicted + SharpnessEvery + lag + q2;
        return crossingDelay.Label($"lr2's crossing {c2} in [{earliest}, {latest}]: lr1's crossing plus the time for v̂ to fall by r², ± one sample: {report}")
            .And(reboundDelay.Label($"the smaller lr rebounds later, by the crossing delay ± lag (+ repeated-loss steps): {report}"))
            .And((levelRatio >= expected / LevelFactor && levelRatio <= expected * LevelFactor).Label($"mean level ratio within {LevelFactor}× of r²: {report}"));
    }

    /// <summary>Steps Δ after t with v̂(t+Δ) = v̂(t)/fall, for v̂ ∝ β2^t/(1 − β2^t) (v decaying, bias correction rising).</summary>
    internal static int DelayForVHatToFall(int t, double fall, double beta2)
    {
        double now = Math.Pow(beta2, t) / (1 - Math.Pow(beta2, t));
        double target = now / fall;
        double decayed = target / (1 + target); // β2^(t+Δ)
        return (int)Math.Round(Math.Log(decayed) / Math.Log(beta2)) - t;
    }

    private static AdamRunResult Continue(LrDelayCase c, double lr, string label, string state, double[][] values,
        AdamRunResult toPlateau, PlateauState plateau)
    {
        var problem = c.Problem.Build<double>();
        for (int i = 0; i < values.Length; i++) values[i].CopyTo(problem.Parameters[i].Value, 0);
        var adam = new Adam<double>(problem.Parameters, new AdamOptions());
        adam.LoadState(JsonNode.Parse(state)!);
        adam.Groups[0].Options.Lr = lr;
        var options = adam.Groups[0].Options;
        int horizon = toPlateau.Plateau!.Value + AdamReboundProperties.Horizon(plateau, options);
        return AdamRun.Run(label, problem, adam, _ => 0, SharpnessEvery, stepsAfterRebound: LevelWindow,
            firstStep: toPlateau.Loss.Length, events: ReboundEvents.Find(toPlateau.Loss), loss: [.. toPlateau.Loss],
            horizon: horizon, atPlateau: plateau);
    }

    private static double Level(double[] loss, int rebound) =>
        loss.AsSpan(rebound, Math.Min(LevelWindow, loss.Length - rebound)).ToArray().Average();
}
