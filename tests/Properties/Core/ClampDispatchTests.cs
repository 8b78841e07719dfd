using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary><see cref="ClampKernel.Clamp{T}"/> clamps through either path of the dispatch.</summary>
public class ClampDispatchTests
{
    [Fact]
    public void Clamp_limits_values_with_and_without_simd()
    {
        // 20 values: every width runs; -3 → -1, 3 → 1, 0.5 stays.
        double[] Input() => Enumerable.Range(0, 20).Select(i => (i % 3) switch { 0 => -3.0, 1 => 0.5, _ => 3.0 }).ToArray();
        double[] expected = Enumerable.Range(0, 20).Select(i => (i % 3) switch { 0 => -1.0, 1 => 0.5, _ => 1.0 }).ToArray();

        var dispatched = Input();
        ClampKernel.Clamp<double>(dispatched, -1, 1);
        dispatched.Should().Equal(expected);

        var scalar = Input();
        KernelDispatch.WithScalarKernels(() => ClampKernel.Clamp<double>(scalar, -1, 1));
        scalar.Should().Equal(expected);
    }
}
