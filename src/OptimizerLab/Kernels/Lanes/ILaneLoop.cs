using System.Numerics;

namespace OptimizerLab.Kernels.Lanes;

/// <summary>
/// A kernel's loop body, written once for any width: a ref struct that holds the kernel's spans and scalars and updates
/// whole groups of <c>TLanes.Count</c> elements. <see cref="KernelDispatch.Run{T, TLoop}(ref TLoop)"/> runs it at the widest
/// width over the bulk, then at narrower ones, then one lane at a time for the tail.
/// </summary>
internal interface ILaneLoop<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements in the loop's spans.</summary>
    int Length { get; }

    /// <summary>Updates elements from <paramref name="start"/> in whole groups of <c>TLanes.Count</c>; returns the first element not updated.</summary>
    int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>;
}
