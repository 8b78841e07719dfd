namespace OptimizerLab.Kernels;

/// <summary>The shape of a row-major block of doubles that a kernel walks: rows of one length, a stride apart.</summary>
internal static class BlockShape
{
    /// <summary>
    /// Throws unless <paramref name="rows"/> rows (at most <paramref name="length"/>: the blocks are square or their leading
    /// rows) of <paramref name="length"/> values, <paramref name="stride"/> apart, fit in a block of
    /// <paramref name="blockLength"/> values.
    /// </summary>
    public static void Check(int blockLength, int rows, int length, int stride)
    {
        if (rows < 0 || rows > length || stride < length || blockLength < (rows - 1) * stride + length)
            throw new ArgumentException($"The block holds {blockLength} values; {rows} rows of {length} at stride {stride} need more.", "block");
    }
}
