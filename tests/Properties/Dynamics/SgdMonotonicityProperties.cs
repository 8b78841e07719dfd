using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Property 1: full-batch SGD at lr ≤ 1/L never increases the least-squares loss, L = λ_max(H) computed. In exact
/// arithmetic the descent lemma gives f(θ − lr·g) ≤ f(θ) − lr(1 − L·lr/2)|g|² ≤ f(θ) − (lr/2)|g|². The run computes in T,
/// so the step taken differs from the exact one by Δ = θ_{t+1} − (θ_t − lr·g_t) (rounded gradient and update), and each
/// loss is evaluated with a rounding error; both are bounded below, and the property is the lemma with those bounds:
/// <code>
/// loss[t+1] ≤ loss[t] − lr(1 − L·lr/2)·|g|² + |g|·|Δ| + L·|Δ|²/2 + ΔF_t + ΔF_{t+1}
/// </code>
/// In particular the loss never rises by more than the rounding terms. Wherever the guaranteed decrease exceeds them, the
/// loss must fall, with no tolerance at all: in float64 that is nearly every step of these runs; in float32 the losses near
/// 1e-6 may stall by rounding, within the bound.
/// </summary>
public class SgdMonotonicityProperties
{
    private const int Steps = 100;

    /// <summary>λ_max from power iteration (converged to 1e-9) is a Rayleigh quotient, a lower bound; the lemma needs L ≥ λ_max.</summary>
    private const double LambdaMargin = 1e-6;

    [SeededProperty(Arbitrary = [typeof(Arbitraries)], Cases = 20)]
    public Property Full_batch_sgd_at_lr_at_most_1_over_L_never_increases_the_loss_beyond_rounding(SgdCase c) =>
        c.Precision == Precision.Float32 ? Check<float>(c) : Check<double>(c);

    private static Property Check<T>(SgdCase c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = c.Problem.Build<T>();
        double lambda = PowerIteration.LargestEigenvalue(problem.Hessian) * (1 + LambdaMargin);
        var sgd = new Sgd<T>(problem.Parameters, new SgdOptions { Lr = c.Fraction / lambda });
        double lr = double.CreateTruncating(T.CreateTruncating(c.Fraction / lambda)); // the lr the kernel multiplies by
        var bounds = new RoundingBounds<T>(problem);

        int firstWrongStep = -1;
        string wrongStep = "";
        var loss = new double[Steps + 1];
        var evaluation = new double[Steps + 1];
        var decrease = new double[Steps];
        var stepError = new double[Steps];
        for (int t = 0; t <= Steps; t++)
        {
            var before = bounds.At(problem.Weight.Value, problem.Bias!.Value);
            loss[t] = problem.LossAndGradient();
            evaluation[t] = before.LossError;
            if (t == Steps) break;
            double[] theta = bounds.Flatten(problem.Weight.Value, problem.Bias.Value);
            sgd.Step();
            double[] next = bounds.Flatten(problem.Weight.Value, problem.Bias.Value);

            // Δ = θ_{t+1} − (θ_t − lr·g): the kernel's gradient errs by ≤ GradientErrorT_j, the update lr·ĝ and the
            // subtraction round by ≤ u each; the reference g (in double) errs by ≤ GradientError. The bound is a priori:
            // a step that is not θ − lr·g up to rounding is caught below, not excused.
            double delta = 0;
            for (int j = 0; j < theta.Length; j++)
            {
                double gj = Math.Abs(before.Gradient[j]) + before.GradientErrorT[j];
                double bound = (lr * before.GradientErrorT[j] + bounds.UnitRoundoff * (Math.Abs(next[j]) + lr * gj) * (1 + bounds.UnitRoundoff)) * (1 + 1e-12);
                double measured = next[j] - (theta[j] - lr * before.Gradient[j]);
                if (Math.Abs(measured) > bound + lr * before.GradientError && firstWrongStep < 0)
                    (firstWrongStep, wrongStep) = (t, string.Create(CultureInfo.InvariantCulture, $"coordinate {j}: moved {next[j] - theta[j]:R}, exact step {-lr * before.Gradient[j]:R}, rounding bound {bound:G3}"));
                delta += bound * bound;
            }

            delta = Math.Sqrt(delta) + lr * before.GradientError;
            double g = Norm(before.Gradient);
            double gLow = Math.Max(g - before.GradientError, 0), gHigh = g + before.GradientError;
            decrease[t] = lr * (1 - lambda * lr / 2) * gLow * gLow;
            stepError[t] = gHigh * delta + lambda * delta * delta / 2;
        }

        // The bound's own double arithmetic: a few ulps of each term.
        const double Own = 1e-12;
        int firstIncrease = -1, firstViolation = -1, strictSteps = 0, firstNotStrict = -1;
        for (int t = 0; t < Steps; t++)
        {
            double slack = (stepError[t] + evaluation[t] + evaluation[t + 1]) * (1 + Own) + Own * loss[t];
            if (loss[t + 1] > loss[t] + slack && firstIncrease < 0) firstIncrease = t;
            if (loss[t + 1] > loss[t] - decrease[t] * (1 - Own) + slack && firstViolation < 0) firstViolation = t;
            if (decrease[t] * (1 - Own) > slack)
            {
                strictSteps++;
                if (!(loss[t + 1] < loss[t]) && firstNotStrict < 0) firstNotStrict = t;
            }
        }

        string At(int t) => t < 0 ? "none" : string.Create(CultureInfo.InvariantCulture,
            $"step {t}: loss {loss[t]:R} → {loss[t + 1]:R}, guaranteed decrease {decrease[t]:G3}, step rounding ≤ {stepError[t]:G3}, evaluation rounding ≤ {evaluation[t]:G3} + {evaluation[t + 1]:G3}");
        string report = string.Create(CultureInfo.InvariantCulture,
            $"{c}: L={lambda:G6} lr={lr:G6}; losses {loss[0]:G4} → {loss[Steps]:G4}; {strictSteps} of {Steps} steps owed a strict decrease");
        return (firstWrongStep < 0).Label($"{report}; SGD's step is θ − lr·g up to rounding, but at step {firstWrongStep}: {wrongStep}")
            .And((firstIncrease < 0).Label($"{report}; the loss rose by more than rounding at {At(firstIncrease)}"))
            .And((firstViolation < 0).Label($"{report}; descent lemma with rounding bounds violated at {At(firstViolation)}"))
            .And((firstNotStrict < 0).Label($"{report}; the loss failed to fall where rounding cannot excuse it at {At(firstNotStrict)}"))
            .Classify(strictSteps == Steps, $"{c.Precision}: every step owed and made a strict decrease")
            .Classify(strictSteps < Steps, $"{c.Precision}: some steps within rounding");
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));

    /// <summary>
    /// Rounding bounds of the least-squares evaluation in T (unit roundoff u = 2^-24 or 2^-53), from the standard model
    /// |fl(a∘b) − a∘b| ≤ u|a∘b| and γ_n = n·u/(1 − n·u): a residual r_i = x_i·w + b − y_i evaluated in any order errs by at most
    /// e_i = γ_(D+2)·(Σ|x_ij·w_j| + |b| + |y_i|); the loss Σ r̂_i² then by Σ(2|r_i|·e_i + e_i²) + γ_(N+1)·Σ(|r_i| + e_i)².
    /// The reference values are computed in double, with the same bounds for u = 2^-53 covering that arithmetic.
    /// </summary>
    private sealed class RoundingBounds<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly double[] _x;
        private readonly double[] _y;
        private readonly int _n;
        private readonly int _d;
        private readonly double _gammaResidualT;
        private readonly double _gammaSumT;
        private readonly double _gammaDouble;

        public RoundingBounds(OptimizerLab.Problems.LeastSquaresProblem<T> problem)
        {
            _n = problem.Rows;
            _d = problem.Inputs;
            _x = problem.X.ToArray().Select(double.CreateTruncating).ToArray();
            _y = problem.Y.ToArray().Select(double.CreateTruncating).ToArray();
            double u = typeof(T) == typeof(float) ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53);
            UnitRoundoff = u;
            _gammaResidualT = Gamma(_d + 2, u);
            _gammaSumT = Gamma(_n + 2, u);
            _gammaDouble = Gamma(_n + _d + 4, Math.ScaleB(1, -53));
        }

        /// <summary>u of T.</summary>
        public double UnitRoundoff { get; }

        public double[] Flatten(T[] weight, T[] bias) => [.. weight.Select(double.CreateTruncating), .. bias.Select(double.CreateTruncating)];

        /// <summary>
        /// Gradient (in double) with its error bound, the bound per coordinate on the error of the gradient the problem computes
        /// in T (2·Σ_i|x_ij|·(e_i + γ_(N+2)·(|r_i| + e_i))), and the loss-evaluation error bound at (w, b).
        /// </summary>
        public (double[] Gradient, double GradientError, double[] GradientErrorT, double LossError) At(T[] weightT, T[] biasT)
        {
            double[] w = weightT.Select(double.CreateTruncating).ToArray();
            double b = double.CreateTruncating(biasT[0]);
            var gradient = new double[_d + 1];
            var gradientError = new double[_d + 1];
            var gradientErrorT = new double[_d + 1];
            double lossError = 0, sumSquares = 0;
            for (int i = 0; i < _n; i++)
            {
                double r = b - _y[i], magnitude = Math.Abs(b) + Math.Abs(_y[i]);
                for (int j = 0; j < _d; j++)
                {
                    r += _x[i * _d + j] * w[j];
                    magnitude += Math.Abs(_x[i * _d + j] * w[j]);
                }

                double exact = Math.Abs(r) + _gammaDouble * magnitude; // bound on the exact |r_i|
                double e = _gammaResidualT * magnitude;
                lossError += 2 * exact * e + e * e;
                sumSquares += (exact + e) * (exact + e);
                for (int j = 0; j <= _d; j++)
                {
                    double xij = j < _d ? _x[i * _d + j] : 1.0;
                    gradient[j] += 2 * r * xij;
                    gradientError[j] += 2 * Math.Abs(xij) * (_gammaDouble * magnitude + _gammaDouble * Math.Abs(r));
                    gradientErrorT[j] += 2 * Math.Abs(xij) * (e + _gammaSumT * (exact + e));
                }
            }

            lossError += _gammaSumT * sumSquares;
            return (gradient, Math.Sqrt(gradientError.Sum(e => e * e)), gradientErrorT, lossError);
        }

        private static double Gamma(int n, double u) => n * u / (1 - n * u);
    }
}
