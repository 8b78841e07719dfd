using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>
/// The reductions behind a vector norm: Σx², Σ|x|, max|x| and Σ|x|^p over a span of float or double.
/// </summary>
/// <remarks>
/// Sums accumulate in double (a float's square is exact in double), in one partial sum per <see cref="Vector256{T}"/>
/// lane of T: element i goes to partial sum i mod Vector256&lt;T&gt;.Count (8 for float, 4 for double), and the partial
/// sums are added in lane order at the end. The scalar reference and the SIMD path add in exactly that order, so they
/// give the same bits on every CPU, with or without SIMD. max|x| is exact in any order; it is NaN if any element is NaN.
/// </remarks>
internal static class NormKernel
{
    private const int MaxLanes = 8;

    public static double SumOfSquares<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.UseSimd ? SumOfSquaresSimd(values) : SumOfSquaresScalar(values);

    public static double SumOfMagnitudes<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.UseSimd ? SumOfMagnitudesSimd(values) : SumOfMagnitudesScalar(values);

    public static T MaxMagnitude<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        KernelDispatch.UseSimd ? MaxMagnitudeSimd(values) : MaxMagnitudeScalar(values);

    /// <summary>Σ|x|^p for a p other than 1, 2 and ∞: no deterministic form exists, so this uses <see cref="Math.Pow"/> (the platform's libm) and has no SIMD path.</summary>
    public static double SumOfPowers<T>(ReadOnlySpan<T> values, double p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        Span<double> partial = stackalloc double[MaxLanes];
        for (int i = 0; i < values.Length; i++) partial[i % lanes] += Math.Pow(Math.Abs(double.CreateTruncating(values[i])), p);
        return Combine(partial[..lanes]);
    }

    internal static double SumOfSquaresScalar<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        SumScalar<T, Square>(values);

    internal static double SumOfMagnitudesScalar<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        SumScalar<T, Magnitude>(values);

    internal static T MaxMagnitudeScalar<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = T.Zero;
        for (int i = 0; i < values.Length; i++)
        {
            T magnitude = T.Abs(values[i]);
            if (T.IsNaN(magnitude)) return T.NaN;
            if (magnitude > max) max = magnitude;
        }

        return max;
    }

    internal static double SumOfSquaresSimd<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        SumSimd<T, Square>(values);

    internal static double SumOfMagnitudesSimd<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
        SumSimd<T, Magnitude>(values);

    internal static T MaxMagnitudeSimd<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = values.Length - values.Length % width;
        ref T start = ref MemoryMarshal.GetReference(values);
        var max = Vector256<T>.Zero;
        for (int i = 0; i < vectorEnd; i += width)
        {
            var magnitude = Vector256.Abs(Vector256.LoadUnsafe(ref start, (nuint)i));
            if (!Vector256.EqualsAll(magnitude, magnitude)) return T.NaN;

            // No NaN here, so a compare-and-select gives exactly the scalar's maximum.
            max = Vector256.ConditionalSelect(Vector256.GreaterThan(magnitude, max), magnitude, max);
        }

        T result = T.Zero;
        for (int lane = 0; lane < width; lane++)
        {
            if (max[lane] > result) result = max[lane];
        }

        T tail = MaxMagnitudeScalar(values[vectorEnd..]);
        return T.IsNaN(tail) ? tail : tail > result ? tail : result;
    }

    /// <summary>What a sum adds per element, in double: x² or |x| (both exact for a float widened to double).</summary>
    private interface ITerm
    {
        static abstract double Of(double x);

        static abstract Vector256<double> Of(Vector256<double> x);
    }

    private readonly struct Square : ITerm
    {
        public static double Of(double x) => x * x;

        public static Vector256<double> Of(Vector256<double> x) => x * x;
    }

    private readonly struct Magnitude : ITerm
    {
        public static double Of(double x) => Math.Abs(x);

        public static Vector256<double> Of(Vector256<double> x) => Vector256.Abs(x);
    }

    private static double SumScalar<T, TTerm>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> where TTerm : ITerm
    {
        Span<double> partial = stackalloc double[MaxLanes];
        Accumulate<T, TTerm>(values, 0, partial[..Vector256<T>.Count]);
        return Combine(partial[..Vector256<T>.Count]);
    }

    private static double SumSimd<T, TTerm>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T> where TTerm : ITerm
    {
        Span<double> partial = stackalloc double[MaxLanes];
        int done;
        if (typeof(T) == typeof(float)) done = AccumulateFloats<TTerm>(MemoryMarshal.Cast<T, float>(values), partial);
        else if (typeof(T) == typeof(double)) done = AccumulateDoubles<TTerm>(MemoryMarshal.Cast<T, double>(values), partial);
        else done = 0;

        Accumulate<T, TTerm>(values, done, partial[..Vector256<T>.Count]);
        return Combine(partial[..Vector256<T>.Count]);
    }

    /// <summary>Whole blocks of 8 floats, each widened to two Vector256 of double: lanes 0-3 and 4-7 of the block.</summary>
    private static int AccumulateFloats<TTerm>(ReadOnlySpan<float> values, Span<double> partial) where TTerm : ITerm
    {
        int vectorEnd = values.Length - values.Length % Vector256<float>.Count;
        ref float start = ref MemoryMarshal.GetReference(values);
        var low = Vector256<double>.Zero;
        var high = Vector256<double>.Zero;
        for (int i = 0; i < vectorEnd; i += Vector256<float>.Count)
        {
            var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)i));
            low += TTerm.Of(lower);
            high += TTerm.Of(upper);
        }

        low.CopyTo(partial);
        high.CopyTo(partial[4..]);
        return vectorEnd;
    }

    private static int AccumulateDoubles<TTerm>(ReadOnlySpan<double> values, Span<double> partial) where TTerm : ITerm
    {
        int vectorEnd = values.Length - values.Length % Vector256<double>.Count;
        ref double start = ref MemoryMarshal.GetReference(values);
        var sum = Vector256<double>.Zero;
        for (int i = 0; i < vectorEnd; i += Vector256<double>.Count)
            sum += TTerm.Of(Vector256.LoadUnsafe(ref start, (nuint)i));

        sum.CopyTo(partial);
        return vectorEnd;
    }

    /// <summary>Adds the term of values[from..] to partial[i mod lanes]; <paramref name="from"/> is a multiple of the lane count.</summary>
    private static void Accumulate<T, TTerm>(ReadOnlySpan<T> values, int from, Span<double> partial)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TTerm : ITerm
    {
        for (int i = from; i < values.Length; i++) partial[i % partial.Length] += TTerm.Of(double.CreateTruncating(values[i]));
    }

    /// <summary>The fixed order in which partial sums meet: lane 0 + lane 1 + ... from the left.</summary>
    private static double Combine(ReadOnlySpan<double> partial)
    {
        double sum = partial[0];
        for (int lane = 1; lane < partial.Length; lane++) sum += partial[lane];
        return sum;
    }
}
