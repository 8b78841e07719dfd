using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>
/// Chooses between a kernel's SIMD path and its scalar reference. Both give the same bits (each kernel's tests check
/// it over lengths 1–300), so the choice changes speed only. Set <c>OPTIMIZERLAB_FORCE_SCALAR=1</c> to force the
/// scalar reference for a process, e.g. to compare whole runs.
/// </summary>
/// <remarks>
/// SIMD paths use <see cref="Vector256{T}"/>, and <see cref="Vector512{T}"/> where the hardware runs it natively, never
/// the hardware-width <c>Vector&lt;T&gt;</c>. Elementwise kernels give the same bits at any width. Reductions keep one
/// partial sum per Vector256 lane, combined in a fixed order that two Vector512 accumulators reproduce exactly (see
/// <see cref="DotKernel"/>), so a reduction adds in the same order on an AVX-512 machine, an AVX2 machine and with no
/// SIMD at all (where the scalar reference runs). Each wider path has its own parity test against the scalar reference.
/// </remarks>
public static class KernelDispatch
{
    private static readonly bool SimdAvailable =
        Vector256.IsHardwareAccelerated && Environment.GetEnvironmentVariable("OPTIMIZERLAB_FORCE_SCALAR") != "1";

    [ThreadStatic]
    private static bool t_forceScalar;

    /// <summary>True when kernels on this thread take their Vector256 path.</summary>
    public static bool UseSimd => SimdAvailable && !t_forceScalar;

    /// <summary>Runs <paramref name="action"/> with the scalar reference kernels on this thread (a run is single-threaded), for tests that compare whole runs.</summary>
    public static void WithScalarKernels(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        bool previous = t_forceScalar;
        t_forceScalar = true;
        try
        {
            action();
        }
        finally
        {
            t_forceScalar = previous;
        }
    }
}
