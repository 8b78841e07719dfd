using OptimizerLab.Lab;

namespace OptimizerLab.Snapshots.Cases;

/// <summary>One snapshot: a run specification and the file name its curve is kept under.</summary>
/// <param name="Name">File-name stem, e.g. <c>seed.adam.eps=0.1.f32</c>: problem, optimizer, settings, precision.</param>
/// <param name="Spec">The run; equal specs give equal bits.</param>
public sealed record SnapshotCase(string Name, RunSpec Spec)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
