using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// The ways an elementwise kernel's loop runs: the one-lane reference, and the widths its bits are compared with. Vector512
/// is emulated where the hardware lacks it, so its lanes are tested on every machine; "dispatched" is what the optimizers
/// run here (widest native width, then narrower ones, then one lane).
/// </summary>
internal static class LaneWidths<T, TLoop>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TLoop : ILaneLoop<T>, allows ref struct
{
    public delegate void RunLoop(ref TLoop loop);

    public static readonly (string Name, RunLoop Run)[] Simd =
    [
        ("Vector256", (ref TLoop loop) => KernelDispatch.Run<T, Lanes256<T>, TLoop>(ref loop)),
        ("Vector512", (ref TLoop loop) => KernelDispatch.Run<T, Lanes512<T>, TLoop>(ref loop)),
        ("dispatched", (ref TLoop loop) => KernelDispatch.Run<T, TLoop>(ref loop)),
    ];

    public static void Reference(TLoop loop) => KernelDispatch.Run<T, OneLane<T>, TLoop>(ref loop);
}
