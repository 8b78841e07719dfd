using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OptimizerLab.Kernels;
using OptimizerLab.Lab;
using OptimizerLab.Properties.Gate;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>
/// Property 9: a run is a function of its spec. The same case twice, and once more with the scalar reference kernels,
/// gives the same bits: every loss and every diagnostic (gradient and update norms, denominators, sharpness).
/// </summary>
public class DeterminismProperties
{
    public static TheoryData<string, Precision> AllRows() => FixedOptimizerCases.Rows();

    [Theory]
    [MemberData(nameof(AllRows))]
    public void The_same_case_gives_the_same_bits_in_every_fixed_row(string optimizer, Precision precision) =>
        FixedOptimizerCases.Holds(The_same_case_gives_the_same_bits_twice_and_with_scalar_kernels(FixedOptimizerCases.Run(optimizer, precision)));

    [SeededProperty(Arbitrary = [typeof(Arbitraries)], Cases = 20)]
    public Property The_same_case_gives_the_same_bits_twice_and_with_scalar_kernels(RunCase c)
    {
        var spec = c.Spec();
        var first = Experiment.Run(spec);
        var second = Experiment.Run(spec);
        RunResult? scalar = null;
        KernelDispatch.WithScalarKernels(() => scalar = Experiment.Run(spec));

        long[] bits = Bits(first);
        int again = FirstDifference(bits, Bits(second));
        int reference = FirstDifference(bits, Bits(scalar!));
        return (again < 0).Label($"{c}: second run differs at value {again} of {bits.Length}")
            .And((reference < 0).Label($"{c}: scalar-kernel run differs at value {reference} of {bits.Length}"))
            .And((first.Failure == second.Failure && first.Failure == scalar!.Failure).Label($"{c}: failures {first.Failure} / {second.Failure} / {scalar!.Failure}"));
    }

    private static long[] Bits(RunResult run) =>
        run.Records.Loss.Select(BitConverter.DoubleToInt64Bits)
            .Concat(run.Records.Diagnostics.SelectMany(d => new[]
            {
                d.Step, d.Lr, d.GradNorm, d.UpdateNorm, d.EffectiveStep, d.DenomMin, d.DenomMedian, d.DenomMax, d.EpsDominatedShare, d.Sharpness,
            }).Select(BitConverter.DoubleToInt64Bits))
            .ToArray();

    private static int FirstDifference(long[] a, long[] b)
    {
        if (a.Length != b.Length) return Math.Min(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i]) return i;
        }

        return -1;
    }
}
