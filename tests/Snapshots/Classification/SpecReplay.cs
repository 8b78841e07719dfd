using OptimizerLab.Optimizers;
using OptimizerLab.Snapshots.Cases;
using OptimizerLab.Snapshots.Format;
using OptimizerLab.Snapshots.Verification;

namespace OptimizerLab.Snapshots.Classification;

/// <summary>
/// Does a spec change explain a move? The case is rerun with today's code and the verified file's optimizer options;
/// if that reproduces the verified curve bit for bit, the options are the whole story (a default changed, the
/// arithmetic did not).
/// </summary>
public static class SpecReplay
{
    /// <summary>True or false after a rerun; null when nothing in the spec changed or a change is not an optimizer option (not replayed).</summary>
    public static bool? Explains(SnapshotCase snapshotCase, CurveSnapshot verified, SnapshotDifference difference)
    {
        if (difference.SpecChanges.Count == 0 || difference.SpecChanges.Any(c => !c.Key.StartsWith("optimizer.", StringComparison.Ordinal)))
            return null;
        var options = verified.Header
            .Where(h => h.Key.StartsWith("optimizer.", StringComparison.Ordinal) && h.Value != "none")
            .ToDictionary(h => h.Key["optimizer.".Length..], h => h.Value);
        SnapshotCase replay;
        try
        {
            replay = snapshotCase with { Spec = snapshotCase.Spec with { Options = OptimizerCatalog.Options(snapshotCase.Spec.Optimizer, options) } };
            replay.Spec.Validate();
        }
        catch (ArgumentException)
        {
            return null; // an option today's optimizer no longer has: nothing to replay
        }

        var rerun = SnapshotRunner.Snapshot(replay);
        return rerun.Points.SequenceEqual(verified.Points);
    }
}
