using OptimizerLab.Lab;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>How long a run is watched after its plateau, from the state there.</summary>
internal static class Horizons
{
    /// <summary>
    /// Steps from the plateau until Adam with options <paramref name="o"/>, started from the plateau state, crosses the
    /// threshold as the library's forecast has it (v decaying as β2^t), plus the longest growth lag. Falls back to the
    /// worst-case bound when the forecast sees no crossing within its horizon.
    /// </summary>
    public static int AdamForecastPlusLag(PlateauState s, AdamOptions o)
    {
        int? forecast = Forecast(s, o);
        int lag = Mechanism.GrowthLag(Mechanism.MaxAmplitudeGrowth, o.Beta1, o.Beta2, o.Eps, o.Lr * s.LambdaMax);
        return forecast is int f ? Math.Max(f - s.Step, 0) + lag : AdamReboundProperties.Horizon(s, o);
    }

    /// <summary>The library's forecast (loss index of the crossing) for Adam with options <paramref name="o"/> from the plateau state.</summary>
    public static int? Forecast(PlateauState s, AdamOptions o) =>
        ReboundForecast.Forecast(new PowerIteration(s.Hessian), AdamDynamics<double>.FromPlateau(s.VHat, s.Step + 1, o), MomentumForm.Ema(o)).Crossing;
}
