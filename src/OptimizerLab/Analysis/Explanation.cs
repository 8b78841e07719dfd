using System.Globalization;

namespace OptimizerLab.Analysis;

/// <summary>Plain sentences saying what happened in a run and why, from its records alone, and what would prevent a rebound.</summary>
public static class Explanation
{
    /// <summary>
    /// Explains recorded curves (also those read back from a CSV file, where the prediction holds only what the sharpness
    /// column gives). Sentences cover: the plateau, the minimum, the denominators' decay and the gradient, the sharpness
    /// against the threshold, the rebound and the level after it, and remedies: Adam's unless <paramref name="remedy"/>
    /// gives another optimizer's (see <see cref="Remedies"/>).
    /// </summary>
    public static IReadOnlyList<string> Explain(RunRecords records, CurveSummary s, ReboundPrediction p, int steps, string? remedy = null, double reboundFactor = 1000)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Explain(DenominatorFall.Of(records.Diagnostics, s), s, p, steps, remedy, reboundFactor);
    }

    /// <summary>
    /// As <see cref="Explain(RunRecords, CurveSummary, ReboundPrediction, int, string?, double)"/>, from what the
    /// diagnostics showed of the denominators' fall (<see cref="DenominatorFall.Of"/>) rather than the rows themselves:
    /// for a streamed run, which keeps no rows.
    /// </summary>
    public static IReadOnlyList<string> Explain(DenominatorFall? fall, CurveSummary s, ReboundPrediction p, int steps, string? remedy = null, double reboundFactor = 1000)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(p);
        var lines = new List<string>();
        if (s.DivergedStep is int diverged)
            lines.Add(F($"The loss became non-finite at step {diverged}: the run diverged (the learning rate is too large for this problem's curvature)."));

        if (s.PlateauStep is not int plateau)
        {
            lines.Add(F($"The loss went from {s.InitialLoss:G4} to a minimum of {s.MinLoss:G3} at step {s.MinStep} and never reached the near-zero plateau, so there is nothing to rebound from."));
            return lines;
        }

        lines.Add(F($"Plateau: the loss fell from {s.InitialLoss:G4} below the plateau threshold at step {plateau} and reached its minimum {s.MinLoss:G3} at step {s.MinStep}."));

        if (fall is (var atPlateau, var beforeRebound, var gradientNorm))
        {
            double ratio = atPlateau.DenomMedian / beforeRebound.DenomMedian;
            lines.Add(F($"The denominator sqrt(v̂)+eps (median over coordinates) fell {ratio:G3}× from {atPlateau.DenomMedian:G3} at step {atPlateau.Step} to {beforeRebound.DenomMedian:G3} at step {beforeRebound.Step}, while the gradient norm stayed near {gradientNorm:G2}: with nothing left to learn, v decays geometrically (beta2^t for Adam, alpha^t for RMSprop), so every coordinate's step lr/(sqrt(v̂)+eps) grows."));
            if (beforeRebound.EpsDominatedShare > 0)
                lines.Add(F($"By step {beforeRebound.Step}, eps exceeded sqrt(v̂) in {beforeRebound.EpsDominatedShare:P0} of the coordinates, capping their steps at lr/eps."));
        }

        if (p.Threshold is double threshold)
        {
            string crossing = p.CrossingStep is int c
                ? F($"crossed the stability threshold {threshold:G3} at step {c}")
                : F($"stayed below the stability threshold {threshold:G3}");
            string forecast = p.ForecastCrossingStep is int f ? F($" (forecast from the optimizer state at the plateau: step {f})") : "";
            string start = p.SharpnessAtPlateau is double sp ? F($" from {sp:G3} at the plateau") : "";
            string growth = p.ForecastStep is int r && p.ForecastCrossingStep is not null ? F($"; the forecast has the unstable mode grow enough for a rebound by step {r}") : "";
            lines.Add($"The preconditioned sharpness λ_max(D^½·H·D^½), D the per-coordinate steps (Adam: lr/(bc1·(sqrt(v̂)+eps))), rose{start} and {crossing}{forecast}; " +
                      $"above it, preconditioned gradient descent with the optimizer's momentum is unstable and any tiny error grows{growth}.");
        }

        if (p.ForecastAtConstantLr is int constant)
        {
            lines.Add(p.ForecastStep is int scheduled
                ? F($"The learning-rate schedule moves the forecast: step {constant} at the plateau's constant lr, step {scheduled} with the schedule's lr(t) (every step size scales with lr).")
                : F($"The learning-rate schedule prevents the rebound: at the plateau's constant lr the forecast was step {constant}, but with the schedule's lr(t) the sharpness stays below the threshold (every step size scales with lr)."));
        }

        if (s.ReboundStep is int rebound)
        {
            lines.Add(F($"Rebound: at step {rebound} the loss rose above {reboundFactor:G4}× its running minimum; from there to step {steps - 1} its median level was {s.LevelAfterRebound:G3} (last value {s.FinalLoss:G3}): the optimizer hovers at the edge of stability."));
            if (p.PredictedStep is int predicted)
                lines.Add(F($"Predicted rebound step {predicted} vs actual {rebound}: off by {Math.Abs(predicted - rebound)} steps ({100.0 * Math.Abs(predicted - rebound) / rebound:F1}%)."));
        }
        else
        {
            lines.Add(F($"No rebound in {steps} steps: the loss stayed within {reboundFactor:G4}× of its minimum."));
        }

        if (s.ReboundStep is not null || p.CrossingStep is not null || p.ForecastStep is not null)
        {
            if (remedy is not null)
            {
                lines.Add(remedy);
                return lines;
            }

            string eps = p.SafeEps is double safe ? F($"eps above lr·λ_max(H)/threshold = {safe:G3} for this problem (it caps every step at lr/eps); ") : "";
            lines.Add($"What prevents it: AMSGrad (it keeps the maximum of v, so v's decay cannot grow the steps; only the bias correction, still settling when the plateau comes early, can grow them by up to 1/√(1−β2^t)); {eps}" +
                      "decaying the learning rate once the loss is near zero; a smaller lr only delays the rebound (the threshold scales with 1/lr) and lowers the level after it (roughly with lr²).");
        }

        return lines;
    }

    // Numbers read like the rest of the lab's output: 4.77e-13, not 4.77E-13.
    internal static string F(FormattableString text) =>
        System.Text.RegularExpressions.Regex.Replace(text.ToString(CultureInfo.InvariantCulture), @"(\d)E([+-]\d)", "$1e$2");
}
