namespace OptimizerLab.Analysis;

/// <summary>Order statistics without sorting.</summary>
public static class Statistics
{
    /// <summary>
    /// The median of <paramref name="values"/> (mean of the two middle values for an even count) in O(n) by quickselect;
    /// reorders the span. Values must not be NaN.
    /// </summary>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.IsEmpty) throw new ArgumentException("The median of no values is undefined.", nameof(values));
        int middle = values.Length / 2;
        double upper = Select(values, middle);
        if (values.Length % 2 == 1) return upper;

        // After the partition every value left of the upper middle is at most it; the lower middle is their maximum.
        double lower = double.NegativeInfinity;
        foreach (double value in values[..middle]) lower = Math.Max(lower, value);
        return 0.5 * (lower + upper);
    }

    /// <summary>The k-th smallest value (0-based); partitions the span around it (Hoare partition, middle pivot).</summary>
    public static double Select(Span<double> a, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, a.Length);
        int left = 0, right = a.Length - 1;
        while (left < right)
        {
            double pivot = a[left + (right - left) / 2];
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return a[k];
        }

        return a[k];
    }
}
