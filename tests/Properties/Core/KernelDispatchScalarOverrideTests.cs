using System.Runtime.Intrinsics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// <see cref="KernelDispatch.WithScalarKernels"/> switches this thread to the scalar reference for the action only, and
/// restores the previous choice afterwards, also when the action throws.
/// </summary>
public class KernelDispatchScalarOverrideTests
{
    /// <summary>
    /// What UseSimd must be outside any override: checking it makes "restored" differ from "left scalar" (xunit reuses
    /// threads, so an override leaked by an earlier test on this thread would otherwise pass for the previous state).
    /// </summary>
    private static readonly bool SimdOutsideOverrides =
        Vector256.IsHardwareAccelerated && Environment.GetEnvironmentVariable("OPTIMIZERLAB_FORCE_SCALAR") != "1";

    [Fact]
    public void Inside_the_action_simd_is_off_and_afterwards_it_is_restored()
    {
        bool before = KernelDispatch.UseSimd;
        before.Should().Be(SimdOutsideOverrides);
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
        before.Should().Be(SimdOutsideOverrides);

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
