using OptimizerLab.Analysis;
using OptimizerLab.Lab;

namespace OptimizerLab.Cli;

/// <summary>
/// What the seven runs of the seed question show, as sentences built from their results: it is not rounding, why it
/// happens (the engine's explanation of the question's run), and what prevents it.
/// </summary>
internal static class ReproduceReport
{
    /// <summary>The conclusions, each one sentence or two, in the order: rounding, mechanism, remedies.</summary>
    public static IReadOnlyList<string> Conclusions(IReadOnlyDictionary<SeedVariation, RunResult> runs)
    {
        var lines = new List<string>();
        var adam = runs[SeedVariation.Question];
        runs.TryGetValue(SeedVariation.Float64, out var f64);

        if (adam.Summary.ReboundStep is int r32 && f64?.Summary.ReboundStep is int r64)
        {
            lines.Add(F($"It is not rounding: in float64, whose round-off is 1e-16 instead of 1e-7, the loss falls to {Short(f64.Summary.MinLoss)} and still rebounds, at step {r64} (float32: step {r32}). The cause is Adam's dynamics, not the precision."));
        }
        else if (f64 is not null)
        {
            lines.Add(F($"float32: {Verdict.For(adam)}; float64: {Verdict.For(f64)}."));
        }

        lines.AddRange(adam.Explain());

        var remedies = new List<string>();
        if (runs.TryGetValue(SeedVariation.Amsgrad, out var amsgrad))
            remedies.Add(Outcome("AMSGrad (keeps the maximum of v, so no step ever grows)", amsgrad));
        if (runs.TryGetValue(SeedVariation.LargeEps, out var eps))
        {
            string bound = adam.Prediction.SafeEps is double safe ? F($", above lr·λ_max(H)/{Short(adam.Prediction.Threshold)} = {Short(safe)}") : "";
            remedies.Add(Outcome($"eps = 0.1{bound}", eps));
        }

        if (runs.TryGetValue(SeedVariation.Sgd, out var sgd)) remedies.Add(Outcome("SGD lr=1e-4 (a fixed step, nothing to grow)", sgd));
        if (remedies.Count > 0) lines.Add("What the runs show: " + string.Join("; ", remedies) + ".");

        if (runs.TryGetValue(SeedVariation.RmsProp, out var rmsprop))
        {
            string forecast = rmsprop.Prediction.ForecastStep is int f ? F($" (forecast at its plateau: step {f})") : "";
            lines.Add(rmsprop.Summary.ReboundStep is int rr
                ? F($"RMSprop does it too, as the answer says: with lr = 1e-4 and alpha = 0.999 its square average v decays like alpha^t once the gradient is ~0 (no bias correction), its steps lr/(sqrt(v)+eps) grow, and without momentum the threshold is {Short(rmsprop.Prediction.Threshold)}, not 38: the loss rebounds at step {rr}{forecast}. At torch's alpha = 0.99 v forgets too fast for the loss to reach the plateau at all.")
                : F($"RMSprop lr=1e-4 alpha=0.999: {Verdict.For(rmsprop)}."));
        }

        if (runs.TryGetValue(SeedVariation.SmallLr, out var slow))
        {
            lines.Add(slow.Summary.ReboundStep is int rs
                ? F($"A smaller lr only delays it: with lr = 1e-5 the loss rebounds at step {rs} (lr = 1e-3: {Step(adam.Summary.ReboundStep)}) and hovers at {Short(slow.Summary.LevelAfterRebound)} (lr = 1e-3: {Short(adam.Summary.LevelAfterRebound)}).")
                : F($"With lr = 1e-5: {Verdict.For(slow)}."));
        }

        return lines;
    }

    private static string Outcome(string what, RunResult run) =>
        run.Summary.ReboundStep is int rebound
            ? F($"{what}: rebound at step {rebound}")
            : F($"{what}: no rebound in {run.StepsRun} steps, the loss stays at {Short(run.Summary.FinalLoss)}");
}
