using System.Runtime;

namespace OptimizerLab.Regression.TorchSharpLoading;

/// <summary>
/// Runs TorchSharp code with the garbage collector held off, so that no finalizer can free a native object that a running
/// libtorch call still reads.
/// </summary>
/// <remarks>
/// TorchSharp turns a double into a <c>Scalar</c> (a managed wrapper with a finalizer around a native <c>c10::Scalar</c>)
/// wherever an operation takes one, e.g. <c>param.add_(grad, alpha: -lr)</c> and <c>buf.mul_(momentum)</c> in its own
/// <c>SGD.step</c>, and passes only the wrapper's raw handle to libtorch (<c>THSTensor_add_(Handle, target.Handle,
/// alpha.Handle)</c>, with no <c>GC.KeepAlive</c>). From that moment the wrapper is unreachable: a collection during the
/// native call lets the finalizer thread delete the <c>c10::Scalar</c> libtorch is reading, whose tag then matches no
/// kind and trips <c>TORCH_CHECK(false)</c> in c10/core/Scalar.h ("Expected false to be true"). The window is a native
/// call long, so it is hit only when a collection lands there: rarely, and more often on a loaded machine where the call
/// is descheduled. Holding collections off while torch code runs closes the window; the region's end is checked, so a run
/// that allocated past the budget (and so let a collection in) fails instead of passing unprotected.
/// </remarks>
internal static class NoCollectionDuringTorchCalls
{
    /// <summary>Far above what the runs here allocate (measured 5–7 MB for a 1000-step parity run, 17 MB for the seed experiment).</summary>
    private const long Budget = 256L << 20;

    public static TResult Run<TResult>(Func<TResult> torchCode)
    {
        if (!GC.TryStartNoGCRegion(Budget))
            throw new InvalidOperationException("The garbage collector refused a no-GC region for the TorchSharp calls.");
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        TResult result;
        try
        {
            result = torchCode();
        }
        catch
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
            throw;
        }

        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            throw new InvalidOperationException(
                $"The TorchSharp calls allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) >> 20} MB, more than the {Budget >> 20} MB held free, so a collection may have freed a Scalar during a libtorch call; raise the budget.");
        }

        GC.EndNoGCRegion();
        return result;
    }
}
