using System.Globalization;
using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Machinery;

/// <summary>Hand-made snapshots with known differences, for testing the comparison and the workflow without running an optimizer.</summary>
internal static class SampleSnapshots
{
    /// <summary>A rebounding curve: loss 100·0.5^t down to 1e-12, flat, then up from <paramref name="rebound"/>.</summary>
    public static CurveSnapshot Curve(int rebound = 3082, string beta2 = "0.999", double scaleFrom = double.NaN, int fromStep = int.MaxValue)
    {
        var points = RecordedSteps.For(5000).Select(t =>
        {
            double loss = t < 40 ? 100 * Math.Pow(0.5, t) : t < rebound ? 1e-12 : 1e-4;
            if (t >= fromStep) loss *= scaleFrom;
            return new CurvePoint(t, loss);
        }).ToArray();
        var header = new List<KeyValuePair<string, string>>
        {
            new("format", CurveSnapshot.FormatVersion),
            new("case", "sample.adam.f32"),
            new("optimizer.beta2", beta2),
            new("verdict", $"plateau from step 213, rebound at step {rebound.ToString(CultureInfo.InvariantCulture)}"),
            new("summary.plateau", "213"),
            new("summary.rebound", rebound.ToString(CultureInfo.InvariantCulture)),
            new("prediction.forecast_rebound", "3051"),
        };
        return new CurveSnapshot(header, points);
    }
}
