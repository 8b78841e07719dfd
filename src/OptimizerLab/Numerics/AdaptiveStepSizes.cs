using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Numerics;

/// <summary>
/// An adaptive optimizer's per-coordinate denominators sqrt(v/bc2) + eps and step sizes lr/(bc1·denominator), as the
/// lab reads them at every diagnosed step: two divisions and a square root per coordinate, eight lanes at a time.
/// </summary>
/// <remarks>
/// Division, square root, product and sum are correctly rounded in IEEE arithmetic whatever the width, in hardware or
/// in the runtime's software fallback, so every lane gives the scalar expression's bits: the same values on AVX-512,
/// AVX2 and with no intrinsics. Vectorised, because the scalar loop's divisions made the reading cost ~5 µs of the
/// seed problem's ~7 µs diagnostics row.
/// </remarks>
internal static class AdaptiveStepSizes
{
    /// <summary>
    /// denominators[i] = sqrt(v[i]/<paramref name="bc2"/>) + <paramref name="eps"/> and stepSizes[i] =
    /// <paramref name="lr"/>/(<paramref name="bc1"/>·denominators[i]); an empty <paramref name="v"/> counts as zeros
    /// (a parameter with no state yet).
    /// </summary>
    public static void Fill<T>(ReadOnlySpan<T> v, double bc1, double bc2, double eps, double lr, Span<double> denominators, Span<double> stepSizes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = denominators.Length;
        if (stepSizes.Length != n || (!v.IsEmpty && v.Length < n))
            throw new ArgumentException($"The step sizes ({stepSizes.Length}) and second moments ({v.Length}) must cover the {n} denominators.");
        if (v.IsEmpty) denominators.Clear();
        else for (int j = 0; j < n; j++) denominators[j] = double.CreateTruncating(v[j]);

        ref double d = ref MemoryMarshal.GetReference(denominators);
        ref double s = ref MemoryMarshal.GetReference(stepSizes);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> c2 = Vector512.Create(bc2), c1 = Vector512.Create(bc1), e = Vector512.Create(eps), l = Vector512.Create(lr);
            for (; i + 8 <= n; i += 8)
            {
                var denominator = Vector512.Sqrt(Vector512.LoadUnsafe(ref d, (nuint)i) / c2) + e;
                denominator.StoreUnsafe(ref d, (nuint)i);
                (l / (c1 * denominator)).StoreUnsafe(ref s, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> c2 = Vector256.Create(bc2), c1 = Vector256.Create(bc1), e = Vector256.Create(eps), l = Vector256.Create(lr);
            for (; i + 4 <= n; i += 4)
            {
                var denominator = Vector256.Sqrt(Vector256.LoadUnsafe(ref d, (nuint)i) / c2) + e;
                denominator.StoreUnsafe(ref d, (nuint)i);
                (l / (c1 * denominator)).StoreUnsafe(ref s, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            double denominator = Math.Sqrt(denominators[i] / bc2) + eps;
            denominators[i] = denominator;
            stepSizes[i] = lr / (bc1 * denominator);
        }
    }
}
