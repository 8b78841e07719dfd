using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// <see cref="KernelDispatch.WithScalarKernels"/> switches this thread to the scalar reference for the action only, and
/// restores the previous choice afterwards, also when the action throws.
/// </summary>
public class KernelDispatchScalarOverrideTests
{
    [Fact]
    public void Inside_the_action_simd_is_off_and_afterwards_it_is_restored()
    {
        bool before = KernelDispatch.UseSimd;
        bool ran = false;
        bool inside = true;

        KernelDispatch.WithScalarKernels(() =>
        {
            ran = true;
            inside = KernelDispatch.UseSimd;
        });

        ran.Should().BeTrue();
        inside.Should().BeFalse();
        KernelDispatch.UseSimd.Should().Be(before);
    }

    [Fact]
    public void The_previous_choice_is_restored_when_the_action_throws()
    {
        bool before = KernelDispatch.UseSimd;

        Action act = () => KernelDispatch.WithScalarKernels(() => throw new InvalidOperationException("boom"));

        act.Should().Throw<InvalidOperationException>().WithMessage("boom");
        KernelDispatch.UseSimd.Should().Be(before);
    }

    [Fact]
    public void A_nested_override_leaves_the_outer_one_in_force()
    {
        bool afterInner = true;
        KernelDispatch.WithScalarKernels(() =>
        {
            KernelDispatch.WithScalarKernels(() => { });
            afterInner = KernelDispatch.UseSimd;
        });

        afterInner.Should().BeFalse();
    }

    [Fact]
    public void A_null_action_is_refused() =>
        FluentActions.Invoking(() => KernelDispatch.WithScalarKernels(null!))
            .Should().Throw<ArgumentNullException>().WithParameterName("action");
}
