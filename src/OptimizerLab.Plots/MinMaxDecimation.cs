namespace OptimizerLab.Plots;

/// <summary>
/// Thins a long curve for drawing: per bucket of consecutive points it keeps the lowest and the highest, in step order.
/// At one or two buckets per pixel the drawn line looks the same (every spike's extreme survives), while PNG and
/// SVG rendering and the SVG's size scale with the bucket count instead of the step count.
/// </summary>
internal static class MinMaxDecimation
{
    /// <summary>The (x, y) points to draw; the input itself when it has at most 2·<paramref name="buckets"/> points.</summary>
    public static (double[] Xs, double[] Ys) Thin(double[] xs, double[] ys, int buckets)
    {
        if (xs.Length <= 2 * buckets) return (xs, ys);
        var keptX = new List<double>(2 * buckets + 2);
        var keptY = new List<double>(2 * buckets + 2);
        for (int b = 0; b < buckets; b++)
        {
            int from = (int)((long)b * xs.Length / buckets), to = (int)((long)(b + 1) * xs.Length / buckets);
            int low = from, high = from;
            for (int i = from + 1; i < to; i++)
            {
                // NaN compares false both ways, so a NaN point is kept only if the bucket has nothing else.
                if (ys[i] < ys[low]) low = i;
                if (ys[i] > ys[high]) high = i;
            }

            int first = Math.Min(low, high), second = Math.Max(low, high);
            keptX.Add(xs[first]);
            keptY.Add(ys[first]);
            if (second != first)
            {
                keptX.Add(xs[second]);
                keptY.Add(ys[second]);
            }
        }

        if (keptX[^1] != xs[^1])
        {
            keptX.Add(xs[^1]);
            keptY.Add(ys[^1]);
        }

        return (keptX.ToArray(), keptY.ToArray());
    }

    /// <summary>
    /// As <see cref="Thin"/>, but the buckets are equal spans of x rather than equal counts of points: for a log step
    /// axis, where the first hundred steps take as much width as the last million and must keep every point.
    /// </summary>
    public static (double[] Xs, double[] Ys) ThinByX(double[] xs, double[] ys, int buckets)
    {
        if (xs.Length <= 2 * buckets) return (xs, ys);
        double x0 = xs[0], span = xs[^1] - xs[0];
        var bounds = new List<int> { 0 };
        for (int i = 1; i < xs.Length; i++)
        {
            if (Bucket(xs[i]) != Bucket(xs[i - 1])) bounds.Add(i);
        }

        bounds.Add(xs.Length);
        var keptX = new List<double>(2 * buckets + 2);
        var keptY = new List<double>(2 * buckets + 2);
        for (int b = 0; b + 1 < bounds.Count; b++)
        {
            var (x, y) = Thin(xs[bounds[b]..bounds[b + 1]], ys[bounds[b]..bounds[b + 1]], 1);
            keptX.AddRange(x);
            keptY.AddRange(y);
        }

        return (keptX.ToArray(), keptY.ToArray());

        int Bucket(double x) => span > 0 ? (int)Math.Min(buckets - 1, (x - x0) / span * buckets) : 0;
    }
}
