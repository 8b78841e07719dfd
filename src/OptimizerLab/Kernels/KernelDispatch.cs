using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.Intrinsics;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>
/// Chooses between a kernel's SIMD path and its scalar reference. Both give the same bits (each kernel's tests check
/// it over lengths 1–300), so the choice changes speed only. Set <c>OPTIMIZERLAB_FORCE_SCALAR=1</c> to force the
/// scalar reference for a process, e.g. to compare whole runs.
/// </summary>
/// <remarks>
/// SIMD paths use <see cref="Vector256{T}"/>, and <see cref="Vector512{T}"/> where the hardware runs it natively, never
/// the hardware-width <c>Vector&lt;T&gt;</c>. Elementwise kernels give the same bits at any width: each writes its loop
/// body once over <see cref="ILanes{TSelf, T}"/>, and the one-lane instance is its scalar reference. Reductions keep one
/// partial sum per Vector256 lane, combined in a fixed order that two Vector512 accumulators reproduce exactly (see
/// <see cref="DotKernel"/>), so a reduction adds in the same order on an AVX-512 machine, an AVX2 machine and with no
/// SIMD at all (where the scalar reference runs). Each wider path has its own parity test against the scalar reference.
/// </remarks>
internal static class KernelDispatch
{
    private static readonly bool SimdAvailable =
        Vector256.IsHardwareAccelerated && Environment.GetEnvironmentVariable("OPTIMIZERLAB_FORCE_SCALAR") != "1";

    [ThreadStatic]
    private static bool t_forceScalar;

    /// <summary>True when kernels on this thread take their SIMD path (Vector512 where native, Vector256 otherwise).</summary>
    public static bool UseSimd => SimdAvailable && !t_forceScalar;

    /// <summary>
    /// Runs an elementwise kernel's loop over all its elements: the widest native width over the bulk, then each narrower
    /// one, then one lane for the tail; one lane only where SIMD is off. Every width gives the one-lane bits.
    /// </summary>
    internal static void Run<T, TLoop>(ref TLoop loop)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLoop : ILaneLoop<T>, allows ref struct
    {
        if (UseSimd) RunSimd<T, TLoop>(ref loop);
        else loop.Run<OneLane<T>>(0);
    }

    /// <summary>
    /// Runs an element-wise optimizer kernel over a parameter, its gradient and the state buffers
    /// the kernel uses (see <see cref="ElementwiseLoop{T, TStep}"/>), as <see cref="Run{T, TLoop}(ref TLoop)"/> does.
    /// </summary>
    internal static void RunElementwise<T, TKernel>(in TKernel kernel, Span<T> param, ReadOnlySpan<T> grad,
        Span<T> state0 = default, Span<T> state1 = default, Span<T> state2 = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IElementwiseKernel<T>
    {
        var loop = new ElementwiseLoop<T, TKernel>(kernel, param, grad, state0, state1, state2);
        Run<T, ElementwiseLoop<T, TKernel>>(ref loop);
    }

    /// <summary>
    /// The SIMD path of <see cref="Run{T, TLoop}(ref TLoop)"/>, for callers that read <see cref="UseSimd"/> once for many calls:
    /// Vector512 where native, then Vector256, then one lane, each only while elements remain.
    /// </summary>
    internal static void RunSimd<T, TLoop>(ref TLoop loop)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLoop : ILaneLoop<T>, allows ref struct
    {
        int next = 0;
        if (Vector512.IsHardwareAccelerated && loop.Length - next >= Vector512<T>.Count) next = loop.Run<Lanes512<T>>(next);
        if (loop.Length - next >= Vector256<T>.Count) next = loop.Run<Lanes256<T>>(next);
        if (next < loop.Length) loop.Run<OneLane<T>>(next);
    }

    /// <summary>
    /// Runs the loop at one width (emulated where the hardware lacks it), one lane for the tail: with
    /// <see cref="OneLane{T}"/>, the kernel's scalar reference. For parity tests and the profile.
    /// </summary>
    internal static void Run<T, TLanes, TLoop>(ref TLoop loop)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TLanes : struct, ILanes<TLanes, T>
        where TLoop : ILaneLoop<T>, allows ref struct =>
        loop.Run<OneLane<T>>(loop.Run<TLanes>(0));

    /// <summary>
    /// <paramref name="length"/>, after checking that every other span a kernel touches holds as many elements: the lane
    /// loops read and write unchecked. A span a kernel's options leave unused passes <paramref name="length"/>.
    /// </summary>
    internal static int CommonLength(int length, int a) => Checked(length, a == length);

    /// <inheritdoc cref="CommonLength(int, int)"/>
    internal static int CommonLength(int length, int a, int b) => Checked(length, a == length && b == length);

    /// <inheritdoc cref="CommonLength(int, int)"/>
    internal static int CommonLength(int length, int a, int b, int c) => Checked(length, a == length && b == length && c == length);

    /// <inheritdoc cref="CommonLength(int, int)"/>
    internal static int CommonLength(int length, int a, int b, int c, int d) =>
        Checked(length, a == length && b == length && c == length && d == length);

    private static int Checked(int length, bool same)
    {
        if (!same) ThrowLengthMismatch(length);
        return length;
    }

    [DoesNotReturn]
    private static void ThrowLengthMismatch(int length) =>
        throw new ArgumentException($"Every span of a kernel must hold {length} elements, as the first does.");

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
