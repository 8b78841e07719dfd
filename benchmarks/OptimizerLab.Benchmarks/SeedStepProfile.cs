using System.Diagnostics;
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
        var problem = LeastSquaresProblem<float>.Seeded(0);
        var adam = new Adam<float>(problem.Parameters);
        problem.LossAndGradient();
        var weight = problem.Weight;
        var state = new AdamState<float>(weight.Length, amsgrad: false);
        var scalars = new AdamScalars<float>(false, false, false, false, 1f, 0f, 0.1f, 0.999f, 0.001f, 0.5f, 1e-8f, -1e-3f);

        // One block of four rows, 64-byte aligned and in L1, as LeastSquaresProblem lays X out.
        var rows = new AlignedBuffer<float>(4 * AlignedBuffer<float>.PaddedStride(1000));
        var w = new AlignedBuffer<float>(1000);
        var y = new AlignedBuffer<float>(1000);
        problem.X[..1000].CopyTo(w.Span);
        int stride = AlignedBuffer<float>.PaddedStride(1000);
        for (int r = 0; r < 4; r++) problem.X.Slice(r * 1000, 1000).CopyTo(rows.Span.Slice(r * stride, 1000));
        var dots = new float[4];

        Line("whole step: loss, gradient, Adam", Best(() => { problem.LossAndGradient(); adam.Step(); }));
        Line("  loss and gradient (16 blocks of 4 rows)", Best(() => problem.LossAndGradient()));
        Line("  loss alone (forward only)", Best(() => problem.Loss()));
        Line("  Adam step (1000 + 1 parameters)", Best(() => adam.Step()));
        Line("    Adam kernel on the 1000 weights alone", Best(() => AdamKernel.Simd<float>(weight.Value, weight.Grad, state.ExpAvg, state.ExpAvgSq, [], scalars)));
        Line("    non-finite check of the 1000 gradients", Best(() => FiniteCheck.Simd<float>(weight.Grad)));
        Line("  one forward block: Dot4, 4 rows in L1", Best(() => FourRowKernel.Dot4Simd<float>(Row(0), Row(1), Row(2), Row(3), w.Span, dots)));
        Line("  one backward block: Axpy4, 4 rows in L1", Best(() => FourRowKernel.Axpy4Simd<float>(y.Span, 1e-3f, Row(0), 2e-3f, Row(1), -1e-3f, Row(2), -2e-3f, Row(3))));
        Line("arithmetic limit: 128 000 FMAs in registers", Best(() => ArithmeticLimit.Run(0.999f, 1e-3f)));
        return 0;

        ReadOnlySpan<float> Row(int r) => rows.Span.Slice(r * stride, 1000);
    }

    private static void Line(string what, double ns) => Console.WriteLine(FormattableString.Invariant($"{what,-50} {ns / 1000,8:F3} µs"));

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
