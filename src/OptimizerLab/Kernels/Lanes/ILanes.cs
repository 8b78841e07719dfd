using System.Numerics;

namespace OptimizerLab.Kernels.Lanes;

/// <summary>
/// A group of <see cref="Count"/> values of T that a kernel's loop body updates together: one lane (the scalar
/// reference), a <see cref="System.Runtime.Intrinsics.Vector256{T}"/> or a <see cref="System.Runtime.Intrinsics.Vector512{T}"/>.
/// A kernel writes its per-element formula once, with these operators, and the JIT compiles it once per width.
/// </summary>
/// <remarks>
/// Why our own interface: .NET's <c>ISimdVector</c> is internal and the vector types implement no public operator
/// interfaces. Only IEEE elementwise operations are offered (no reduction), so every width rounds each lane exactly as
/// the one-lane reference rounds that element; the fused multiply-add is correctly rounded on every path too
/// (<see cref="Lanes.FusedMultiplyAdd"/>), for the problems' row kernels. The optimizer kernels do not use it: torch's
/// order rounds the product.
/// </remarks>
internal interface ILanes<TSelf, T> :
    IAdditionOperators<TSelf, TSelf, TSelf>,
    ISubtractionOperators<TSelf, TSelf, TSelf>,
    IMultiplyOperators<TSelf, TSelf, TSelf>,
    IDivisionOperators<TSelf, TSelf, TSelf>,
    IUnaryNegationOperators<TSelf, TSelf>
    where TSelf : struct, ILanes<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements per group.</summary>
    static abstract int Count { get; }

    /// <summary>The <see cref="Count"/> elements from <paramref name="source"/>[<paramref name="index"/>] on, unchecked.</summary>
    static abstract TSelf Load(ref T source, nuint index);

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TSelf Splat(T value);

    /// <summary>a·b + c per lane with one rounding.</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>Square root per lane, correctly rounded.</summary>
    static abstract TSelf Sqrt(TSelf x);

    /// <summary>Maximum per lane, NaN propagating (torch's <c>maximum</c>).</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>Absolute value per lane.</summary>
    static abstract TSelf Abs(TSelf x);

    /// <summary>Minimum per lane, NaN propagating (torch's <c>minimum</c>).</summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    /// <summary>A mask per lane: all bits set where <paramref name="left"/> &lt; <paramref name="right"/>, zero elsewhere (and where either is NaN).</summary>
    static abstract TSelf LessThan(TSelf left, TSelf right);

    /// <summary>A mask per lane: all bits set where <paramref name="left"/> &gt; <paramref name="right"/>, zero elsewhere (and where either is NaN).</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>Per lane, <paramref name="ifTrue"/> where <paramref name="mask"/> (from a comparison) is set, else <paramref name="ifFalse"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf ifTrue, TSelf ifFalse);

    /// <summary>
    /// Sign per lane as torch's <c>sign</c> computes it for floats, <c>(0 &lt; x) - (x &lt; 0)</c>: 1, -1, or 0 for
    /// ±0; NaN gives 0 here, so a NaN never reaches a step through its sign (optimizers refuse NaN gradients first anyway).
    /// </summary>
    static virtual TSelf Sign(TSelf x)
    {
        var zero = TSelf.Splat(T.Zero);
        var one = TSelf.Splat(T.One);
        return TSelf.Select(TSelf.GreaterThan(x, zero), one, zero) - TSelf.Select(TSelf.LessThan(x, zero), one, zero);
    }

    /// <summary>Writes the lanes to <paramref name="destination"/>[<paramref name="index"/>] on, unchecked.</summary>
    void Store(ref T destination, nuint index);
}
