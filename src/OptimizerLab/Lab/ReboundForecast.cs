using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Lab;

/// <summary>
/// Forecasts Adam's rebound from its state at the plateau alone. Once the gradient is ~0, every coordinate's second
/// moment decays as v(s) = v(s0)·β2^(s−s0) (AMSGrad: its maximum stays put), so the step sizes
/// d_i(s) = lr/(bc1(s)·(sqrt(v(s)/bc2(s)) + eps)) and with them the preconditioned sharpness S(s) = λ_max(D^½ H D^½) are
/// known for every future step s. The forecast is the first s with S(s) ≥ threshold, found by doubling then bisection;
/// null when S stays below the threshold up to the horizon (large eps caps d_i at lr/eps; AMSGrad freezes it).
/// </summary>
public static class ReboundForecast
{
    /// <summary>How far ahead the forecast looks.</summary>
    public const int HorizonSteps = 200_000;

    /// <summary>
    /// The 0-based loss-table index of the forecast rebound (optimizer step count s ↔ index s − 1), or null.
    /// <paramref name="vHat"/> is v̂ = v/bc2 per coordinate after optimizer step <paramref name="stepCount"/>.
    /// </summary>
    public static int? Forecast(PowerIteration power, ReadOnlySpan<double> vHat, long stepCount, AdamOptions o, double threshold)
    {
        double[] v = new double[vHat.Length];
        double bc2AtStart = 1 - DeterministicMath.Pow(o.Beta2, stepCount);
        for (int i = 0; i < v.Length; i++) v[i] = vHat[i] * bc2AtStart;
        double[] d = new double[v.Length];

        double Sharpness(long s)
        {
            double decay = o.Amsgrad ? 1.0 : DeterministicMath.Pow(o.Beta2, s - stepCount);
            double bc1 = 1 - DeterministicMath.Pow(o.Beta1, s);
            double bc2 = 1 - DeterministicMath.Pow(o.Beta2, s);
            for (int i = 0; i < v.Length; i++) d[i] = o.Lr / (bc1 * (Math.Sqrt(v[i] * decay / bc2) + o.Eps));
            return power.LargestEigenvalue(d);
        }

        if (Sharpness(stepCount) >= threshold) return (int)(stepCount - 1);
        long low = stepCount, offset = 64, high;
        while (true)
        {
            high = stepCount + offset;
            if (offset > HorizonSteps) return null;
            if (Sharpness(high) >= threshold) break;
            low = high;
            offset *= 2;
        }

        while (high - low > 1)
        {
            long middle = low + (high - low) / 2;
            if (Sharpness(middle) >= threshold) high = middle;
            else low = middle;
        }

        return (int)(high - 1);
    }
}
