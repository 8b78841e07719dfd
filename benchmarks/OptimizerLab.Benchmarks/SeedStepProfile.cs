using System.Diagnostics;
using System.Runtime.Intrinsics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// Where the seed step's time goes, part by part (`-- profile`). This machine's VM exposes no hardware counters
/// (perf stat reports no cycles), so the profile is timing: each part alone, best of 300 batches of 100 calls, which
/// is what the part costs when nothing else runs on its core.
/// </summary>
internal static class SeedStepProfile
{
    public static int Print()
    {
        foreach (string line in Measure()) Console.WriteLine(line);
        return 0;
    }

    /// <summary>One line per part: what, and its best time in µs.</summary>
    public static List<string> Measure()
    {
        var lines = new List<string>();
        var problem = LeastSquaresProblem<float>.Seeded(0);
        var adam = new Adam<float>(problem.Parameters);
        problem.LossAndGradient();
        var weight = problem.Weight;
        var state = new AdamState<float>(weight.Length, amsgrad: false);
        var scalars = new AdamScalars<float>
        {
            Opening = OpeningScalars<float>.NoDecay(maximize: false), Moments = AdamMoments<float>.Of(0.9, 0.999), Amsgrad = false,
            BiasCorrection2Sqrt = 0.5f, Eps = 1e-8f, NegStepSize = -1e-3f,
        };

        // The same forward pass on 8 rows (32 KB, held in L1), scaled to 64 rows: the step without L2 traffic.
        var small = LeastSquaresProblem<float>.Seeded(0, rows: 8);
        // X's 256 KB, 64-byte aligned, read once with Vector512 loads: the L2 streaming floor of a pass over X.
        var aligned = new AlignedBuffer<float>(64 * 1000);
        problem.X.CopyTo(aligned.Span);

        void Line(string what, double ns) => lines.Add(FormattableString.Invariant($"{what,-50} {ns / 1000,8:F3} µs"));

        Line("whole step: loss, gradient, Adam", Best(() => { problem.LossAndGradient(); adam.Step(); }));
        Line("  loss and gradient (16 blocks of 4 rows)", Best(() => problem.LossAndGradient()));
        Line("  loss alone (forward only)", Best(() => problem.Loss()));
        Line("  Adam step (1000 + 1 parameters)", Best(() => adam.Step()));
        Line("    Adam kernel on the 1000 weights alone", Best(() => KernelDispatch.RunElementwise(scalars, weight.Value, weight.Grad, state.ExpAvg, state.ExpAvgSq)));
        Line("    non-finite check of the 1000 gradients", Best(() => FiniteCheck.Simd<float>(weight.Grad)));
        Line("  forward alone, 8 rows (X in L1), per 64 rows", Best(() => small.Loss()) * 8);
        var kernelX = new AlignedBuffer<float>(64 * Stride);
        for (int i = 0; i < 64; i++) problem.X.Slice(i * 1000, 1000).CopyTo(kernelX.Span.Slice(i * Stride, 1000));
        var kernelW = new AlignedBuffer<float>(Stride);
        var kernelG = new AlignedBuffer<float>(Stride);
        weight.Value.CopyTo(kernelW.Span);
        Line("  kernels alone: 16 Dot4 (forward pass)", Best(() => Forward(kernelX, kernelW)));
        Line("  kernels alone: Dot4, 15 Axpy4Dot4, Axpy4 (pass)", Best(() => Pass(kernelX, kernelW, kernelG)));
        Line("  read X once (256 KB, from L2), Vector512 loads", Best(() => ReadAll(aligned)));
        Line("arithmetic limit: 128 000 FMAs in registers", Best(() => ArithmeticLimit.Run(0.999f, 1e-3f)));
        return lines;
    }

    private const int Stride = 1008;

    private static float Forward(AlignedBuffer<float> x, AlignedBuffer<float> w)
    {
        Span<float> dots = stackalloc float[4];
        float sum = 0;
        for (int k = 0; k < 64; k += 4)
        {
            FusedRowKernel.Dot4(FourRows<float>.Of(x.Span, Stride, Stride, k, k + 1, k + 2, k + 3), w.Span, dots, simd: true);
            sum += dots[0];
        }

        return sum;
    }

    private static void Pass(AlignedBuffer<float> x, AlignedBuffer<float> w, AlignedBuffer<float> g)
    {
        Span<float> dots = stackalloc float[4];
        ReadOnlySpan<float> a = [1e-6f, -1e-6f, 1e-6f, -1e-6f];
        FusedRowKernel.Dot4(FourRows<float>.Of(x.Span, Stride, Stride, 0, 1, 2, 3), w.Span, dots, simd: true);
        for (int k = 4; k < 64; k += 4)
            FusedRowKernel.Axpy4Dot4(g.Span, a, FourRows<float>.Of(x.Span, Stride, Stride, k - 4, k - 3, k - 2, k - 1),
                FourRows<float>.Of(x.Span, Stride, Stride, k, k + 1, k + 2, k + 3), w.Span, dots, simd: true);
        FusedRowKernel.Axpy4(g.Span, a, FourRows<float>.Of(x.Span, Stride, Stride, 60, 61, 62, 63), simd: true);
    }

    private static float ReadAll(AlignedBuffer<float> buffer)
    {
        var span = buffer.Span;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int i = 0; i + 64 <= span.Length; i += 64)
        {
            a0 += Vector512.Create(span.Slice(i, 16));
            a1 += Vector512.Create(span.Slice(i + 16, 16));
            a2 += Vector512.Create(span.Slice(i + 32, 16));
            a3 += Vector512.Create(span.Slice(i + 48, 16));
        }

        return Vector512.Sum((a0 + a1) + (a2 + a3));
    }

    private static double Best(Action action)
    {
        for (int i = 0; i < 1000; i++) action();
        double best = double.MaxValue;
        for (int b = 0; b < 300; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < 100; i++) action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds / 100);
        }

        return best;
    }
}
