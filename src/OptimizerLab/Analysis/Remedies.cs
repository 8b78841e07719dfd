namespace OptimizerLab.Analysis;

/// <summary>
/// What prevents a rebound after a plateau, for the optimizer that produced the curve. Each optimizer's advice follows
/// from how its step size behaves once the gradient is ~0; an unknown optimizer gets the advice of each kind, labelled.
/// </summary>
public static class Remedies
{
    /// <summary>The optimizer names the advice knows (the lab's catalog names).</summary>
    public static IReadOnlyList<string> Known { get; } = ["adam", "adamw", "amsgrad", "nadam", "radam", "adamax", "rmsprop", "sgd", "adagrad", "adadelta"];

    /// <summary>One sentence of advice for <paramref name="optimizer"/> (a catalog name, case-insensitive), or for an unknown one when null.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Known"/>.</exception>
    public static string For(string? optimizer) => optimizer?.Trim().ToLowerInvariant() switch
    {
        null => "The log does not say which optimizer produced it (pass --optimizer NAME for advice that fits): " +
                "with an Adam-family optimizer or RMSprop, " + Adaptive + " With SGD or Adagrad, " + NonGrowing,
        "adam" or "adamw" => "What prevents it: amsgrad=true (it keeps the maximum of v, so v's decay cannot grow the steps); " + EpsAndDecay,
        "nadam" or "radam" or "adamax" => $"What prevents it: {optimizer} has no amsgrad option in torch, so switch to Adam or AdamW with amsgrad=true (it keeps the maximum of v); or " + EpsAndDecay,
        "amsgrad" => "AMSGrad's v cannot decay, so its steps grow only through the bias correction (by up to 1/√(1−β2^t) while t is small): " +
                     "a rebound under AMSGrad points at the learning rate itself: lower it or decay it once the loss is near its floor, or raise eps.",
        "rmsprop" => "What prevents it: RMSprop's square average decays like alpha^t once the gradient is ~0 (time constant 1/(1−alpha) steps, with no bias correction), so its steps lr/(sqrt(v)+eps) grow: " +
                     "a larger eps caps every step at lr/eps; decaying the learning rate near the floor stops the growth; torch's RMSprop has no running maximum, so Adam or AdamW with amsgrad=true is the switch that removes it.",
        "sgd" => "SGD's step is the learning rate itself and does not grow when the gradient vanishes, so a rebound after a plateau is not the adaptive-step instability: " + NonGrowing,
        "adagrad" => "Adagrad's accumulator only grows, so its steps only shrink and cannot cause a rebound: " + NonGrowing,
        "adadelta" => "What prevents it: Adadelta's step sqrt(u+eps)/sqrt(v+eps) grows when the squared-gradient average v decays faster than the update average u: a larger eps caps that ratio; a smaller lr scales every step down.",
        var other => throw new ArgumentException($"Unknown optimizer '{other}' for --optimizer. Known: {string.Join(", ", Known)}."),
    };

    private const string EpsAndDecay =
        "a larger eps caps every step at lr/eps; decaying the learning rate once the loss is near its floor stops the growth; a smaller lr only delays the rebound.";

    private const string Adaptive =
        "the per-coordinate steps lr/(sqrt(v)+eps) grow once the gradient is ~0 (v decays) until the preconditioned sharpness crosses the stability threshold: " +
        "amsgrad=true (Adam, AdamW), a larger eps, or decaying the learning rate near the floor prevents it.";

    private const string NonGrowing =
        "look for a learning rate that rose (a warm restart, a cyclic or one-cycle schedule), curvature that grew past 2/lr, or noise from the data; lower the learning rate or clip the gradients.";
}
