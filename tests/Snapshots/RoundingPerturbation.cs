using System.Numerics;
using OptimizerLab.Data;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;

namespace OptimizerLab.Snapshots;

/// <summary>Where a rerun puts its one-ulp nudges: once on the initial parameters, or on the gradient at every step.</summary>
public enum PerturbationKind
{
    /// <summary>Every initial parameter moved one ulp up or down (a fair coin per value).</summary>
    InitialParameters,

    /// <summary>At every step, each nonzero gradient value moved one ulp up (probability ¼), down (¼) or left alone (½).</summary>
    Gradients,
}

/// <summary>
/// A rounding-sized perturbation of a run, drawn from <see cref="SeededRandom"/> with its own seed so a rerun is the
/// same bits every time. The gradient kind perturbs the arithmetic throughout the run, as a reassociation does (a
/// changed rounding at every step), without touching the optimizer: it wraps the problem.
/// </summary>
public sealed record RoundingPerturbation(PerturbationKind Kind, ulong Seed)
{
    /// <summary>Applies the perturbation to a freshly built problem; returns the problem the run must use.</summary>
    public Problem<T> Apply<T>(Problem<T> problem) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Distinct streams for the two kinds with the same seed.
        var random = new SeededRandom(Seed * 2 + (ulong)Kind);
        if (Kind == PerturbationKind.Gradients) return new GradientNudging<T>(problem, random);
        foreach (var parameter in problem.Parameters)
        {
            var values = parameter.Value;
            for (int i = 0; i < values.Length; i++)
                values[i] = (random.NextUInt64() & 1) == 0 ? T.BitIncrement(values[i]) : T.BitDecrement(values[i]);
        }

        return problem;
    }

    private sealed class GradientNudging<T>(Problem<T> inner, SeededRandom random) : Problem<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public override string Description => inner.Description;
        public override IReadOnlyList<Parameter<T>> Parameters => inner.Parameters;
        public override IHessian? Hessian => inner.Hessian;
        public override MinibatchSampler? Sampler => inner.Sampler;
        public override double Loss() => inner.Loss();

        public override double LossAndGradient()
        {
            double loss = inner.LossAndGradient();
            foreach (var parameter in inner.Parameters)
            {
                var grad = parameter.Grad;
                for (int i = 0; i < grad.Length; i++)
                {
                    ulong draw = random.NextUInt64() & 3;
                    // An exactly zero gradient has no rounding error to vary (and a nudge would invent a denormal).
                    if (draw >= 2 || T.IsZero(grad[i]) || !T.IsFinite(grad[i])) continue;
                    grad[i] = draw == 0 ? T.BitIncrement(grad[i]) : T.BitDecrement(grad[i]);
                }
            }

            return loss;
        }
    }
}
