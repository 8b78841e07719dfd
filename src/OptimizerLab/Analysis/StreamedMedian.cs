namespace OptimizerLab.Analysis;

/// <summary>
/// The exact median of values too many to hold, read in a few passes (a radix select on the values' ordered bits:
/// each pass counts the values under the key prefix found so far by their next 16 bits, until the values left fit in
/// memory). Gives the same double as <see cref="Statistics.MedianInPlace"/> on the same finite values (a zero median may have the other sign).
/// </summary>
internal static class StreamedMedian
{
    /// <summary>At most this many values are held at once (8 MB).</summary>
    public const int DefaultHeld = 1 << 20;

    /// <summary>The median of the values <paramref name="read"/> gives, reading them again for each pass.</summary>
    public static double Of(Func<IEnumerable<double>> read, int held = DefaultHeld)
    {
        // The first pass keeps the values while they fit: most ranges then need no second.
        var first = new List<double>();
        long count = 0;
        foreach (double value in read())
        {
            if (count++ < held) first.Add(value);
        }

        if (count == 0) throw new ArgumentException("The median of no values is undefined.", nameof(read));
        if (count <= held) return Statistics.MedianInPlace(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(first));
        first = null;
        long middle = count / 2;
        double upper = Select(read, middle, held);
        if (count % 2 == 1) return upper;
        double lower = Select(read, middle - 1, held);
        return 0.5 * (lower + upper);
    }

    /// <summary>The k-th smallest value (0-based).</summary>
    private static double Select(Func<IEnumerable<double>> read, long k, int held)
    {
        ulong prefix = 0;
        int known = 0; // leading key bits fixed so far
        var counts = new long[1 << 16];
        while (true)
        {
            Array.Clear(counts);
            long matching = 0;
            int shift = 64 - known - 16;
            foreach (double value in read())
            {
                ulong key = Key(value);
                if (known > 0 && key >> (64 - known) != prefix >> (64 - known)) continue;
                counts[(int)((key >> shift) & 0xFFFF)]++;
                matching++;
            }

            if (matching <= held)
            {
                var values = new double[matching];
                int i = 0;
                foreach (double value in read())
                {
                    if (known == 0 || Key(value) >> (64 - known) == prefix >> (64 - known)) values[i++] = value;
                }

                return Statistics.Select(values, (int)k);
            }

            int bucket = 0;
            while (k >= counts[bucket]) k -= counts[bucket++];
            prefix |= (ulong)bucket << shift;
            known += 16;
            if (known == 64) return Value(prefix);
        }
    }

    /// <summary>The bits of a double as an unsigned integer in the order of the values (negatives reversed below positives).</summary>
    private static ulong Key(double value)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        return (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
    }

    private static double Value(ulong key) =>
        BitConverter.Int64BitsToDouble((long)((key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key));
}
