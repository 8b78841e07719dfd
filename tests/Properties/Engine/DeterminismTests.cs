using OptimizerLab.Kernels;
using OptimizerLab.Lab;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// A run's numbers depend only on its inputs: the same spec twice, and the SIMD kernels against the scalar reference
/// (what runs with <c>DOTNET_EnableHWIntrinsic=0</c>), give the same bits. .ci/run also runs these tests with
/// AVX-512 off and with hardware intrinsics off.
/// </summary>
[Trait("Category", "Determinism")]
public class DeterminismTests
{
    private static RunSpec Spec(Precision precision, string optimizer) => new()
    {
        Precision = precision,
        Optimizer = optimizer,
        Steps = 600,
        DiagnosticsEvery = 7,
        SharpnessEvery = 50,
    };

    public static TheoryData<Precision, string> Cases() => new()
    {
        { Precision.Float32, "adam" }, { Precision.Float64, "adam" }, { Precision.Float32, "amsgrad" }, { Precision.Float64, "adamw" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_same_spec_twice_gives_the_same_bits(Precision precision, string optimizer)
    {
        var first = Experiment.Run(Spec(precision, optimizer));
        var second = Experiment.Run(Spec(precision, optimizer));
        Bits(second).Should().Equal(Bits(first));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Simd_and_scalar_kernels_give_the_same_bits_for_a_whole_run(Precision precision, string optimizer)
    {
        // With DOTNET_EnableHWIntrinsic=0 both sides are scalar; the test then pins run-to-run determinism only.
        var simd = Experiment.Run(Spec(precision, optimizer));
        RunResult? scalar = null;
        KernelDispatch.WithScalarKernels(() => scalar = Experiment.Run(Spec(precision, optimizer)));
        Bits(scalar!).Should().Equal(Bits(simd));
    }

    private static long[] Bits(RunResult run) =>
        run.Records.Loss.Select(BitConverter.DoubleToInt64Bits)
            .Concat(run.Records.Diagnostics.SelectMany(d => new[] { d.GradNorm, d.UpdateNorm, d.DenomMedian, d.Sharpness }).Select(BitConverter.DoubleToInt64Bits))
            .ToArray();
}
