using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>With the scalar kernels forced (as on a machine without SIMD), a non-finite gradient is still caught.</summary>
public class ScalarNonFiniteCheckTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(99)]
    public void The_scalar_check_finds_a_non_finite_gradient_anywhere(int index)
    {
        var parameter = new Parameter<float>(new float[100], "weight");
        parameter.Grad[index] = float.NaN;
        var adam = new Adam<float>([parameter]);
        KernelDispatch.WithScalarKernels(() =>
        {
            var step = () => adam.Step();
            step.Should().Throw<NonFiniteGradientException>().WithMessage($"Non-finite gradient at step 1: weight.grad[{index}] = NaN*");
        });
        parameter.Value.Should().OnlyContain(v => v == 0f, "nothing is touched when the step is refused");
    }
}
