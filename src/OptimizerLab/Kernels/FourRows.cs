using System.Numerics;

namespace OptimizerLab.Kernels;

/// <summary>Four rows of a matrix (e.g. four samples of X), handed to <see cref="FusedRowKernel"/> as one block.</summary>
internal readonly ref struct FourRows<T>(ReadOnlySpan<T> row0, ReadOnlySpan<T> row1, ReadOnlySpan<T> row2, ReadOnlySpan<T> row3)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly ReadOnlySpan<T> Row0 = row0;
    public readonly ReadOnlySpan<T> Row1 = row1;
    public readonly ReadOnlySpan<T> Row2 = row2;
    public readonly ReadOnlySpan<T> Row3 = row3;

    /// <summary>Rows i₀…i₃ of a row-major matrix whose rows start <paramref name="stride"/> elements apart, each <paramref name="length"/> long.</summary>
    public static FourRows<T> Of(ReadOnlySpan<T> matrix, int stride, int length, int i0, int i1, int i2, int i3) =>
        new(matrix.Slice(i0 * stride, length), matrix.Slice(i1 * stride, length), matrix.Slice(i2 * stride, length), matrix.Slice(i3 * stride, length));

    /// <summary>Row <paramref name="k"/> (0…3).</summary>
    public ReadOnlySpan<T> this[int k] => k switch
    {
        0 => Row0,
        1 => Row1,
        2 => Row2,
        3 => Row3,
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, "A block holds rows 0 to 3."),
    };

    /// <summary>
    /// <paramref name="length"/>, after checking that every row holds that many elements: the kernels read unchecked.
    /// </summary>
    public int CheckLength(int length)
    {
        if (Row0.Length != length || Row1.Length != length || Row2.Length != length || Row3.Length != length)
            throw new ArgumentException(
                $"Every row of a block must hold {length} elements; they hold {Row0.Length}, {Row1.Length}, {Row2.Length}, {Row3.Length}.");
        return length;
    }
}
